"""The complaint queue: unhappy customers become tickets that managers close in the chat."""
