"""Work done later, off the editor's request: on a task queue, by `manage.py run_worker`.

- `queueing`: put work on the queue (the one way every face does it);
- `tasks`: what a worker runs (publication at its time, editors' jobs, the sweep);
- `jobs`: the slow editorial work itself, with its progress and outcome;
- `sweep`: what a worker does every minute to catch what was missed;
- `worker`: the worker process (the queue's own worker, a heartbeat, the clock);
- `health`: what `/healthz` reports.
"""
