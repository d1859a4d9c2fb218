"""Serves the host's Maven repository read-only over HTTP on 127.0.0.1, so that `docker build --network host`
runs ./mvnw from the host's cache instead of Maven Central (offline, and fast on a warm cache).

Usage: host-maven-mirror.py REPOSITORY_DIR WRAPPER_ZIP PORT READY_FILE
Also serves WRAPPER_ZIP at the path the Maven wrapper asks for (MVNW_REPOURL + /org/apache/maven/apache-maven/V/
apache-maven-V-bin.zip). Creates READY_FILE once it accepts connections. A fixed PORT keeps the MAVEN_MIRROR build
argument, and so Docker's layer cache, the same from one build to the next.
"""
import functools
import http.server
import os
import sys

repository, wrapper_zip, port, ready_file = sys.argv[1:5]
wrapper_path = None
if wrapper_zip:
    version = os.path.basename(wrapper_zip)[len("apache-maven-"):-len("-bin.zip")]
    wrapper_path = f"/org/apache/maven/apache-maven/{version}/{os.path.basename(wrapper_zip)}"


class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if wrapper_path and path.split("?", 1)[0] == wrapper_path:
            return wrapper_zip
        return super().translate_path(path)

    def log_message(self, *args):  # one line per artifact would drown the build log
        pass


try:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), functools.partial(Handler, directory=repository))
except OSError as e:
    sys.exit(f"error: cannot serve the Maven repository on 127.0.0.1:{port} ({e.strerror}); "
             "set ODETOODE_MAVEN_MIRROR_PORT to a free port")
open(ready_file, "w").close()
server.serve_forever()
