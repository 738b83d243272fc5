"""Side effects behind interfaces: mail, search, translation, the job queue.

Each service module has an ``includeme`` that picks a backend from the settings and
registers it with pyramid_services; views and jobs call ``request.find_service(IFace)``.
"""
