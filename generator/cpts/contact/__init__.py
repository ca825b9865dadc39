"""Contacting the CPTS: the form's fields (shared by the site and the service), the
receiving service (`cpts contact serve`) and its queue of messages.

Only `form` is imported by the generation stage; the service modules import Starlette.
"""
