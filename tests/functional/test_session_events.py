"""SQLAlchemy fills a session class's listener lists the first time each event fires, and
two threads doing it at once race; the app fills them all while it starts."""

from sqlalchemy.orm import Session


def test_every_session_event_s_listeners_are_in_place_before_the_first_request(app):
    session_class = app.registry["dbsession_factory"].class_
    class_level = Session.dispatch
    unfilled = [
        name
        for name in class_level._event_names
        if session_class not in getattr(class_level, name)._clslevel
    ]
    assert unfilled == []
