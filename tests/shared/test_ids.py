"""Random ids in bulk: real version 4 UUIDs, spelled and built exactly as the uuid module does."""

import uuid

from hypothesis import given
from hypothesis import strategies as st

from shared.ids import RandomIds, uuid_text, version_4


@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_a_number_is_spelled_as_the_uuid_module_spells_it(number):
    assert uuid_text(number) == str(uuid.UUID(int=number))


@given(st.binary(min_size=16, max_size=16))
def test_version_bits_are_set_as_the_uuid_module_sets_them(raw):
    assert version_4(int.from_bytes(raw)) == uuid.UUID(bytes=raw, version=4).int


def test_ids_are_random_version_4_uuids_with_their_standard_text():
    ids = RandomIds()
    made = [ids.new() for _ in range(2500)]  # past one pool of 1,024
    assert len({u for u, _ in made}) == 2500
    assert all(u.version == 4 and u.variant == uuid.RFC_4122 for u, _ in made)
    assert all(text == str(u) for u, text in made)
    assert uuid.UUID(ids.new_text()).version == 4
