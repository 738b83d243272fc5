"""``use = egg:microblog#waitress``: waitress, with ``pserve CONFIG http_port=NNNN`` honoured.

PasteDeploy lets a file's ``[DEFAULT]`` beat the variables given on the command line, so a
default port cannot live in the ini; this runner reads ``http_port`` from the command line
first and falls back to the ``port`` of the server section.
"""
import waitress


def serve(app, global_conf, host="localhost", port="6543", **options):
    port = global_conf.get("http_port") or port
    waitress.serve(app, listen=f"{host}:{port}", **options)
