"""The live workshop: sessions, participants, their responses, the card sort, worksheets, the board.

Callers use the facade `booster.workshop`, which maps these modules and re-exports their API.
"""
