"""Background jobs any service can run: a table mixin, the queries on it, a worker thread.

A service declares its job table with `JobColumns`, writes a `JobWork` (what one job does,
calling `JobControl.check` often and `JobControl.save` per committed step) and starts a
`JobRunner` in its lifespan. The runner claims queued jobs, resumes those whose worker
died, stops a job within seconds of a cancel request, and fails one that outlives its limit.
"""
