"""Limits shared by every app's free text: how long it may be."""

# About four printed pages: room for any note, purpose or description, but not for a file
# pasted by mistake or a client filling the database.
TEXT_MAX_LENGTH = 10_000
