"""The one model of the mathematics: notation, softmax and its losses, conditions, the decider."""
