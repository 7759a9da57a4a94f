"""The journal: the hash-chained audit trail and the outbox (change feed), written at commit.

canonical: the JSON and hashes of entries; recording: the Journal a unit of work queues into;
sealing: chaining and writing at commit; anchoring: the keyed seals and the checkpoints kept
outside the database, in a file and (jetstream) in NATS JetStream; verification: re-checking the
chain against them.
"""

from shared.journal.anchoring import AuditAnchor, AuditKey, CheckpointFile
from shared.journal.canonical import GENESIS_HASH
from shared.journal.jetstream import CheckpointStream
from shared.journal.recording import Journal
from shared.journal.sealing import COPY_THRESHOLD
from shared.journal.verification import ChainReport, verify_chain

__all__ = ["COPY_THRESHOLD", "GENESIS_HASH", "AuditAnchor", "AuditKey", "ChainReport", "CheckpointFile",
           "CheckpointStream", "Journal", "verify_chain"]
