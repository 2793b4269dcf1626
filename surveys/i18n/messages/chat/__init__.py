"""What the bot writes in Telegram chats: to customers (their chat, a survey in progress,
what follows a complaint), to managers and admins, and to mystery shoppers."""
