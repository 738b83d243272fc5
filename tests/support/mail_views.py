"""Test-only views about mail, included through ``pyramid.includes``."""

from pyramid.security import NO_PERMISSION_REQUIRED

from microblog.services.interfaces import IMailService


def send_then_fail(request):
    """Queue a mail, then fail: the transaction is aborted, so the mail must not leave."""
    request.find_service(IMailService).send(
        ["victim@example.com"], "Must not leave", "This request failed after queuing me."
    )
    raise RuntimeError("failed after queuing a mail")


def send(request):
    request.find_service(IMailService).send(["ana@example.com"], "Hello", "Hello, Ana.")
    return request.response


def includeme(config):
    config.add_view(send_then_fail, name="send_then_fail", permission=NO_PERMISSION_REQUIRED)
    config.add_view(send, name="send", permission=NO_PERMISSION_REQUIRED)
