"""Event ids stay unique across a fork of a process that has already drawn some."""

import os
import uuid

from shared.journal.recording import new_event_id


def test_forked_child_never_repeats_the_parents_next_ids():
    new_event_id()  # fill this thread's entropy pool before forking
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, ",".join(new_event_id() for _ in range(5)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child = set(os.read(read, 4096).decode().split(","))
    parent = {new_event_id() for _ in range(5)}
    assert len(child) == 5 and not child & parent
    assert all(uuid.UUID(i).version == 4 for i in child | parent)
