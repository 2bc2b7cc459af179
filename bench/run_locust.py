"""`python -m bench.run_locust ARGS...`: locust's command line, runnable beside dash[testing].

dash[testing] pins selenium 4.2, which pins urllib3 1.26; recent locust imports
urllib3.util.create_urllib3_context, which urllib3 1.26 keeps in urllib3.util.ssl_. Expose it there
before locust is imported; with urllib3 2 this does nothing.
(Remove this file once dash[testing] allows urllib3 2.)
"""

import sys

from gevent import monkey

monkey.patch_all()  # as locust does on import, and before ssl is imported below

import urllib3.util  # noqa: E402

if not hasattr(urllib3.util, "create_urllib3_context"):
    from urllib3.util.ssl_ import create_urllib3_context

    urllib3.util.create_urllib3_context = create_urllib3_context

from locust.main import main  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "locust"
    sys.exit(main())
