export { BrowserUnavailableError } from './errors.js';
export type { Refusal } from './guarded-routing.js';
export { paneHtml } from './pane-html.js';
export {
  chromiumRenderer,
  CHROMIUM_ARGS,
  type ChromiumRendererOptions,
  type Renderer,
  type ScreenshotOptions,
} from './renderer.js';
