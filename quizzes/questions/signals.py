"""What the questions app tells the apps above it about its sets.

Signals only where a call cannot be made: these changes come from the questions app's own
services (the workspace's editors, the admin, the importers), and the apps that keep data
about sets (flashcards' decks and cards) sit above it, so it may not import them
(docs/architecture.md, Layers). Receivers are connected in their app's AppConfig.ready()
and run in the sender's transaction, as the direct calls they replace did."""

from django.dispatch import Signal

# A set may have gone out of some students' sight, or stopped being one they may study
# (made private, unpublished, archived, its answers kept back). Sent with question_set.
set_out_of_sight = Signal()

# A question was added to a set. Sent with question_set and question.
set_item_added = Signal()
