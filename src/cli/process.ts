import { EXIT, main } from "./main";

/** Runs the CLI for this Node process: real argv, streams and environment; Ctrl+C cancels, a second one quits. */
export async function runFromProcess(): Promise<void> {
  let interrupts = 0;
  const interrupted = new Promise<void>((resolve) => {
    process.on("SIGINT", () => {
      if (++interrupts > 1) process.exit(EXIT.cancelled);
      process.stderr.write("\ncancelling… (Ctrl+C again to quit at once)\n");
      resolve();
    });
  });
  try {
    process.exitCode = await main(process.argv.slice(2), {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      env: process.env,
      interrupted,
    });
  } catch (error) {
    process.stderr.write(`crewdeck: unexpected error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = EXIT.failed;
  }
  // Keep-alive sockets and the SIGINT listener would hold the process open after the run.
  setImmediate(() => process.exit(process.exitCode ?? 0));
}
