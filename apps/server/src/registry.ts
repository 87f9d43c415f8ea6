import { z } from 'zod';

/** Named schemas of the API: `components.schemas` of the OpenAPI document, referenced with `$ref`. */
export const apiRegistry = z.registry<{ id: string }>();
