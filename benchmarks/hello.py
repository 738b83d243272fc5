"""The ceiling: a "hello world" Pyramid view, served as the app is (``hello.ini``)."""

from pyramid.config import Configurator
from pyramid.response import Response


def hello(request):
    return Response("Hello world")


def main(global_config, **settings):
    with Configurator(settings=settings) as config:
        config.add_view(hello)
        return config.make_wsgi_app()
