__version__ = "0.13.4"
