"""Building a mail: a MIME message with a text body, an HTML alternative and attachments."""

import re
import unicodedata
from email import charset as email_charset
from email import encoders
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid, parseaddr

# text bodies as quoted-printable: 7-bit safe for any SMTP server, and still readable in an
# .eml file opened in an editor
UTF8_QP = email_charset.Charset("utf-8")
UTF8_QP.body_encoding = email_charset.QP


def build_message(sender, recipients, subject, text_body, html_body=None, attachments=()):
    """A MIME message: the text body, the HTML alternative, then the attachments.

    ``attachments`` are ``(filename, content_type, bytes)``; their bytes travel base64
    encoded, so they arrive exactly as given.
    """
    message = MIMEText(text_body, "plain", UTF8_QP)
    if html_body is not None:
        alternative = MIMEMultipart("alternative")
        alternative.attach(message)
        alternative.attach(MIMEText(html_body, "html", UTF8_QP))
        message = alternative
    if attachments:
        mixed = MIMEMultipart("mixed")
        mixed.attach(message)
        for filename, content_type, data in attachments:
            mixed.attach(_attachment(filename, content_type, data))
        message = mixed
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(usegmt=True)
    # a domain of our own: without one, make_msgid asks the DNS for this host's name
    domain = parseaddr(sender)[1].rpartition("@")[2] or "microblog.localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    return message


def text_body(message):
    """The text body of a message built by :func:`build_message`."""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def _attachment(filename, content_type, data):
    header = Message()
    header["Content-Type"] = content_type
    part = MIMEBase(header.get_content_maintype(), header.get_content_subtype())
    part.set_payload(bytes(data))
    encoders.encode_base64(part)
    if part.get_content_maintype() == "text":
        part.set_charset(header.get_content_charset() or "utf-8")
    part.add_header("Content-Disposition", "attachment", filename=_ascii_filename(filename))
    return part


def _ascii_filename(filename):
    # repoze.sendmail cannot re-encode RFC 2231 (non-ASCII) parameters: "años.json" is
    # sent as "anos.json"
    folded = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    return re.sub(r'[\\/"\x00-\x1f]', "_", folded).strip() or "attachment"
