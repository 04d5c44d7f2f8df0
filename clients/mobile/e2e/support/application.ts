import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The whole application for the browser tests, started as a newcomer starts it: `./skillswap run` (native mode),
 * from an empty state folder, every port moved to a free one, until it prints that SkillSwap is ready (or why not).
 * When SKILLSWAP_APP_URL is set the tests use that running application instead (SKILLSWAP_MAILDIR then says where
 * its emails are).
 */
const repository = path.resolve(__dirname, '..', '..', '..', '..');
const handoff = path.join(__dirname, '..', '..', 'test-results', 'application.json');
const readyWithin = 10 * 60_000;

interface Handoff {
  appUrl: string;
  maildir: string;
  /** The address the application makes an admin when it signs up (Staff:Admins:0); none for an application already running. */
  staffEmail?: string;
  pid?: number;
  state?: string;
}

/** A free loopback port from 20000–32000: below the kernel's ephemeral range, where an outgoing connection cannot take it meanwhile. */
async function freePort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) {
      continue;
    }
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

export async function startApplication(): Promise<void> {
  if (process.env.SKILLSWAP_APP_URL) {
    publish({
      appUrl: process.env.SKILLSWAP_APP_URL,
      maildir: process.env.SKILLSWAP_MAILDIR ?? path.join(repository, '.skillswap', 'state', 'mail', 'maildir'),
      staffEmail: process.env.SKILLSWAP_STAFF_EMAIL,
    });
    return;
  }
  const state = mkdtempSync(path.join(process.env.SKILLSWAP_TEST_STATE ?? tmpdir(), 'app-e2e-'));
  chmodSync(state, 0o755);
  const taken = new Set<number>();
  // An address of this run that the application makes an admin on sign-up, for the staff console's tests.
  const staffEmail = `staff.${Date.now().toString(36)}@example.com`;
  const env: NodeJS.ProcessEnv = { ...process.env, SKILLSWAP_STATE_DIR: state, Staff__Admins__0: staffEmail };
  for (const name of ['SKILLSWAP_DASHBOARD_PORT', 'SKILLSWAP_GATEWAY_PORT', 'SKILLSWAP_APP_PORT', 'SKILLSWAP_OTLP_PORT', 'SKILLSWAP_RESOURCE_SERVICE_PORT']) {
    env[name] = String(await freePort(taken));
  }
  const run = spawn(path.join(repository, 'skillswap'), ['run'], { cwd: repository, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const appUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`./skillswap run was not ready within ${readyWithin / 1000} s:\n${output.slice(-6000)}`)), readyWithin);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /\[skillswap\] SkillSwap is ready after \d+ s: app (http:\/\/\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    };
    run.stdout.on('data', read);
    run.stderr.on('data', read);
    run.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`./skillswap run exited with ${code} before it was ready:\n${output.slice(-6000)}`));
    });
  });
  // Keep reading, or the pipes fill and the application blocks on its own output.
  run.stdout.removeAllListeners('data').resume();
  run.stderr.removeAllListeners('data').resume();
  run.unref();
  publish({ appUrl, maildir: path.join(state, 'mail', 'maildir'), staffEmail, pid: run.pid, state });
}

export async function stopApplication(): Promise<void> {
  if (!existsSync(handoff)) {
    return;
  }
  const { pid, state } = JSON.parse(readFileSync(handoff, 'utf8')) as Handoff;
  if (!pid) {
    return;
  }
  // The AppHost stops every resource it started on SIGTERM; its whole process group goes if it takes too long.
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 90; waited++) {
    try {
      process.kill(-pid, 0);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  if (state) {
    rmSync(state, { recursive: true, force: true });
  }
}

function publish(values: Handoff) {
  mkdirSync(path.dirname(handoff), { recursive: true });
  writeFileSync(handoff, JSON.stringify(values));
  process.env.SKILLSWAP_APP_URL = values.appUrl;
  process.env.SKILLSWAP_MAILDIR = values.maildir;
  if (values.staffEmail) {
    process.env.SKILLSWAP_STAFF_EMAIL = values.staffEmail;
  }
}
