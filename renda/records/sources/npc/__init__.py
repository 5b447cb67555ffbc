"""The 14th-NPC roster page (Chinese Wikipedia) -> record files: ``roster.convert_npc_roster``."""
