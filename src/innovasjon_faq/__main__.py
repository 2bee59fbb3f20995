"""`python -m innovasjon_faq` runs the `faq` command."""

from innovasjon_faq.cli import main

if __name__ == "__main__":
    main()
