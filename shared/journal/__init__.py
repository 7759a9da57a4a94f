"""The journal: the hash-chained audit trail and the outbox (change feed), written at commit.

canonical: the JSON and hashes of entries; recording: the Journal a unit of work queues into;
sealing: chaining and writing at commit; verification: re-checking the chain.
"""

from shared.journal.canonical import GENESIS_HASH
from shared.journal.recording import Journal
from shared.journal.sealing import COPY_THRESHOLD
from shared.journal.verification import ChainReport, verify_chain

__all__ = ["COPY_THRESHOLD", "GENESIS_HASH", "ChainReport", "Journal", "verify_chain"]
