"""Schemas: the length a reader is shown is the length the server checks."""

import colander
import pytest

from microblog.schemas.accounts import EMAIL_RULES
from microblog.schemas.base import short_text_node


def test_a_text_from_a_browser_counts_each_line_break_once():
    node = short_text_node(5, name="post")
    assert node.deserialize("a\r\nb\r\nc") == "a\nb\nc"
    with pytest.raises(colander.Invalid):
        node.deserialize("a\r\nb\r\ncde")


@pytest.mark.parametrize(
    "address", ["ana@example.com", "a.b+tag@mail.example.co.uk", "x@xn--bcher-kva.example"]
)
def test_ordinary_addresses_are_accepted(address):
    EMAIL_RULES(colander.SchemaNode(colander.String()), address)


@pytest.mark.parametrize(
    "address",
    ["not-an-email@x", "ana@localhost", ".ana@example.com", "ana.@example.com", "a b@example.com",
     "ana@example.c", "ana@-example.com", "ana@example-.com", "ana@@example.com"],
)  # fmt: skip
def test_addresses_mail_cannot_reach_are_refused(address):
    with pytest.raises(colander.Invalid):
        EMAIL_RULES(colander.SchemaNode(colander.String()), address)
