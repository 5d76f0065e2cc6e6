// The job library (graphile-worker): the runner and queuing inside a transaction.
export { addJobInTransaction, JOB_RUNNER_APPLICATION, startJobRunner, type JobDefinitions, type JobRunner, type JobRunnerOptions, type JobTask } from './runner.js';
