"""playbook: conversation-first social-media playbooks for coaches and their clients."""

from __future__ import annotations

__version__ = "0.1.0"
