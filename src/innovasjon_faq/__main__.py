"""`python -m innovasjon_faq` and the `faq` console script start here.

Importing the command line (Typer, Click, Rich) takes a while; a Ctrl-C in
that time would print a KeyboardInterrupt traceback. So nothing is imported
before the one `try` that turns it into a quiet exit status 130.
"""

import sys

INTERRUPTED = 130  # errors.ExitStatus.INTERRUPTED, without importing anything


def main() -> None:
    try:
        from innovasjon_faq.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
