import { Command, CommanderError, Option } from 'commander';
import { AegisApiError, SERVER_UNREACHABLE } from '@aegis/client';
import { attach, inheritSpawn, type Spawner } from './commands/attach.js';
import { makeCtx, printJson } from './commands/context.js';
import { doctorCommand, positiveNumber, type DoctorCommandOptions } from './commands/doctor-command.js';
import * as keys from './commands/keys.js';
import { read } from './commands/read.js';
import * as pl from './commands/pipelines.js';
import { mcp, serve } from './commands/serve.js';
import * as s from './commands/sessions.js';
import { addNodeCommands } from './commands/nodes.js';
import { addWorktreeCommands } from './commands/worktrees.js';
import { CliError, processIo, type CliIo } from './io.js';
import { VERSION } from './version.js';

export interface RunOptions {
  io?: CliIo;
  /** How `attach` runs tmux (tests pass a recorder). Default: spawn with inherited stdio. */
  spawn?: Spawner;
  now?: () => number;
}

const ENV_HELP = `
Environment:
  AEGIS_URL            server for client commands (default http://AEGIS_HOST:AEGIS_PORT)
  AEGIS_HOST/PORT      default 127.0.0.1 / 9100
  AEGIS_API_KEY        API key the client commands send (bearer); else AEGIS_AUTH_TOKEN
  AEGIS_AUTH_TOKEN     the server's admin token (serve), sent by client commands without AEGIS_API_KEY
  AEGIS_TMUX_SOCKET    tmux socket (attach; default aegis)
  AEGIS_CLAUDE_BIN     Claude Code binary (default claude on PATH)
  AEGIS_STATE_DIR      state folder (default ~/.aegis)`;

/** Builds the command tree; `code.value` receives the exit code of commands that set one. */
function build(io: CliIo, o: RunOptions, code: { value: number }): Command {
  const program = new Command('aegis-bridge')
    .description('Run the real Claude Code CLI in tmux and drive its sessions from programs, agents and people.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', ENV_HELP)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const ctx = (opts: { json?: boolean }) => makeCtx(io, !!opts.json, o.now);
  const json = () => new Option('--json', 'print JSON');

  program
    .command('serve', { isDefault: true })
    .description('start the REST server (default command)')
    .option('-c, --config <file>', 'config file (passed to the server)')
    .action((opts: { config?: string }) => serve(io, opts));
  program
    .command('mcp')
    .description("serve Aegis's MCP tools over stdio")
    .action(() => mcp(io));
  program
    .command('create')
    .description(
      'create a session in <workDir> (reuses an idle one there unless --no-reuse), optionally with a first prompt',
    )
    .argument('<workDir>')
    .argument('[prompt]')
    .option('--name <name>', 'window name')
    .option('--permission-mode <mode>', 'default, acceptEdits, plan, bypassPermissions, …')
    .option('--model <model>', 'model for Claude Code')
    .option('--no-reuse', 'always start a new session')
    .option('--worktree', 'run it in its own git worktree on a new branch (isolation "worktree")')
    .option('--branch <name>', 'with --worktree: the new branch (default aegis/<name>)')
    .option('--base <ref>', 'with --worktree: what the branch starts from (default: the checked-out branch)')
    .option('--wait <ms>', 'wait this long for the prompt to be delivered')
    .option('--node <id>', 'in a fleet: run it on this node')
    .option('--labels <list>', 'in a fleet: run it on a node having all these labels (comma-separated)')
    .addOption(json())
    .action((workDir: string, prompt: string | undefined, opts: s.CreateOptions & { json?: boolean }) =>
      s.create(ctx(opts), workDir, prompt, opts),
    );
  program
    .command('ls')
    .alias('list')
    .description('list sessions, newest first')
    .option('--status <list>', 'comma-separated statuses')
    .option('--project <text>', 'workDir substring')
    .option('--limit <n>', 'per page (max 100)')
    .option('--page <n>', 'page')
    .addOption(json())
    .action((opts: s.ListOptions & { json?: boolean }) => s.list(ctx(opts), opts));
  program
    .command('show')
    .description('a session: status, pending prompt, what to do next')
    .argument('<id>')
    .option('--pane', 'print the terminal screen instead')
    .addOption(json())
    .action((id: string, opts: { pane?: boolean; json?: boolean }) => s.show(ctx(opts), id, opts));
  program
    .command('send')
    .description('send text to a session (`-` reads it from stdin)')
    .argument('<id>')
    .argument('<text>', 'the text, or - for stdin')
    .option('--wait', 'wait for delivery also when queued')
    .addOption(json())
    .action((id: string, text: string, opts: { wait?: boolean; json?: boolean }) => s.send(ctx(opts), id, text, opts));
  program
    .command('command')
    .description('run a slash command (e.g. /compact) in an idle session and print the screen it left')
    .argument('<id>')
    .argument('<command>', 'the slash command, starting with /')
    .addOption(json())
    .action((id: string, command: string, opts: { json?: boolean }) => s.boxCommand(ctx(opts), 'command', id, command));
  program
    .command('bash')
    .description(
      "run a command in Claude Code's shell mode (no permission prompt; the server needs allowShellMode, role admin)",
    )
    .argument('<id>')
    .argument('<command>', 'the shell command line')
    .addOption(json())
    .action((id: string, command: string, opts: { json?: boolean }) => s.boxCommand(ctx(opts), 'bash', id, command));
  program
    .command('read')
    .description('read the transcript (never consuming); --follow streams new messages and state changes live')
    .argument('<id>')
    .option('-f, --follow', 'then stream live until the session ends (Ctrl-C stops)')
    .option('--after <cursor>', 'entries after this entry id')
    .option('--limit <n>', 'entries per page (max 500)')
    .option('--kinds <list>', 'comma-separated entry kinds (assistant_text, tool_use, …)')
    .option('--roles <list>', 'comma-separated roles')
    .addOption(json().default(false, 'NDJSON with --follow'))
    .action((id: string, opts: Parameters<typeof read>[2] & { json?: boolean }) => read(ctx(opts), id, opts));
  program
    .command('approve')
    .description('approve the pending permission prompt')
    .argument('<id>')
    .option('--always', 'choose the "don\'t ask again" option')
    .option('--prompt-id <id>', 'only if this prompt is still the pending one')
    .addOption(json())
    .action((id: string, opts: { always?: boolean; promptId?: string; json?: boolean }) =>
      s.approve(ctx(opts), id, opts),
    );
  program
    .command('reject')
    .description('reject the pending permission prompt')
    .argument('<id>')
    .option('--message <text>', 'tell Claude why')
    .option('--prompt-id <id>', 'only if this prompt is still the pending one')
    .addOption(json())
    .action((id: string, opts: { message?: string; promptId?: string; json?: boolean }) =>
      s.reject(ctx(opts), id, opts),
    );
  program
    .command('answer')
    .description("answer Claude's question: one option id per question (comma-separated for multi-select)")
    .argument('<id>')
    .argument('[options...]')
    .option('--text <text...>', 'free-text answers')
    .option('--prompt-id <id>', 'only if this prompt is still the pending one')
    .addOption(json())
    .action((id: string, options: string[], opts: { text?: string[]; promptId?: string; json?: boolean }) =>
      s.answer(ctx(opts), id, options, opts),
    );
  program
    .command('interrupt')
    .description('interrupt the current turn')
    .argument('<id>')
    .addOption(json())
    .action((id: string, opts: { json?: boolean }) => s.keyAction(ctx(opts), id, 'interrupt'));
  program
    .command('escape')
    .description('press Escape in the session')
    .argument('<id>')
    .addOption(json())
    .action((id: string, opts: { json?: boolean }) => s.keyAction(ctx(opts), id, 'escape'));
  program
    .command('kill')
    .description('end a session: Claude, its processes and its window (a worktree stays unless --remove-worktree)')
    .argument('<id>')
    .option('--remove-worktree', "also remove the session's worktree (refused with uncommitted changes unless --force)")
    .option('--force', 'with --remove-worktree: even with uncommitted changes')
    .addOption(json())
    .action((id: string, opts: s.KillOptions & { json?: boolean }) => s.kill(ctx(opts), id, opts));
  addWorktreeCommands(program, ctx, json);
  addNodeCommands(program, ctx, json);
  const pipeline = program.command('pipeline').description('pipelines: stages (sessions) run as a dependency graph');
  pipeline
    .command('create')
    .description('start a pipeline from a JSON spec (`-` reads stdin); see POST /v1/pipelines')
    .argument('<spec>', 'spec file, or - for stdin')
    .addOption(json())
    .action((file: string, opts: { json?: boolean }) => pl.createPipeline(ctx(opts), file));
  pipeline
    .command('ls')
    .alias('list')
    .description('list pipelines, newest first')
    .option('--status <list>', 'comma-separated: running, succeeded, failed, cancelled')
    .addOption(json())
    .action((opts: { status?: string; json?: boolean }) => pl.listPipelines(ctx(opts), opts));
  pipeline
    .command('show')
    .description('a pipeline and its stages')
    .argument('<id>')
    .addOption(json())
    .action((id: string, opts: { json?: boolean }) => pl.showPipeline(ctx(opts), id));
  pipeline
    .command('cancel')
    .description("cancel a pipeline: running stages' sessions are killed")
    .argument('<id>')
    .option('--keep-sessions', 'only interrupt the running stages and keep their sessions')
    .addOption(json())
    .action((id: string, opts: { keepSessions?: boolean; json?: boolean }) => pl.cancelPipeline(ctx(opts), id, opts));
  const key = program
    .command('keys')
    .description('API keys (admin): viewer reads, operator drives sessions, admin also kills and manages keys');
  key
    .command('create')
    .description('create a key on the running server and print it (shown this once)')
    .addOption(
      new Option('--role <role>', 'what the key may do').choices(['viewer', 'operator', 'admin']).makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'who or what uses it (unique)')
    .addOption(json())
    .action((opts: { role: string; name: string; json?: boolean }) => keys.createKey(ctx(opts), opts));
  key
    .command('ls')
    .alias('list')
    .description('list keys: id, name, role, prefix, created, last used (never the keys)')
    .addOption(json())
    .action((opts: { json?: boolean }) => keys.listKeys(ctx(opts)));
  key
    .command('revoke')
    .description('revoke a key by id or name: it stops working at once')
    .argument('<id|name>')
    .addOption(json())
    .action((id: string, opts: { json?: boolean }) => keys.revokeKey(ctx(opts), id));
  program
    .command('attach')
    .description("attach this terminal to the session's tmux window (detach: Ctrl-b d)")
    .argument('<id>')
    .option('-c, --config <file>', 'config file (for tmuxSocket)')
    .option('--socket <name>', 'tmux socket (default: config / AEGIS_TMUX_SOCKET / aegis)')
    .action(async (id: string, opts: { config?: string; socket?: string }) => {
      code.value = await attach(ctx({}), id, opts, o.spawn ?? inheritSpawn);
    });
  program
    .command('doctor')
    .description('check tmux, Claude Code, config, port, state dir; non-zero exit when something required is missing')
    .option('-c, --config <file>', 'config file')
    .option(
      '--probe',
      'also run Claude Code against a scripted model (about a minute, offline) and check that Aegis reads every screen',
    )
    .option('--claude <bin>', 'with --probe: the Claude Code binary (default: config / AEGIS_CLAUDE_BIN / claude)')
    .option('--step-timeout <seconds>', 'with --probe: how long each step may take', (v) =>
      positiveNumber('--step-timeout', v),
    )
    .option('--save-dir <dir>', 'with --probe: where unrecognised screens are saved (default: a new temp folder)')
    .addOption(json())
    .action(async (opts: DoctorCommandOptions) => {
      const r = await doctorCommand(io, opts);
      if (opts.json) printJson(ctx(opts), r.json);
      else io.stdout(r.text);
      if (!r.ok) code.value = 1;
    });
  return program;
}

/** Runs `aegis-bridge` with `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: string[], o: RunOptions = {}): Promise<number> {
  const io = o.io ?? processIo();
  const code = { value: 0 };
  const program = build(io, o, code);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code.value;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof AegisApiError) {
      const hint = e.code === SERVER_UNREACHABLE ? ': start it with `aegis-bridge serve` or set AEGIS_URL' : '';
      const body = {
        code: e.code,
        message: e.message + hint,
        ...(Object.keys(e.details).length ? { details: e.details } : {}),
        ...(e.requestId ? { requestId: e.requestId } : {}),
      };
      io.stderr(json ? `${JSON.stringify(body)}\n` : `aegis-bridge: ${body.code}: ${body.message}\n`);
      return 1;
    }
    if (e instanceof CliError) {
      if (json) io.stderr(`${JSON.stringify({ code: e.code, message: e.message })}\n`);
      else io.stderr(`aegis-bridge: ${e.code}: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as { code?: unknown; message?: string };
    const c = typeof err.code === 'string' ? err.code : 'ERROR';
    if (json) io.stderr(`${JSON.stringify({ code: c, message: err.message ?? String(e) })}\n`);
    else io.stderr(`aegis-bridge: ${typeof err.code === 'string' ? `${err.code}: ` : ''}${err.message ?? String(e)}\n`);
    return 1;
  }
}
