"""Kept only for migration 0002, which imports this path (migrations are never edited).

The Editors group lives in core/editors.py.
"""

from core.editors import EDITORS_GROUP, editor_permissions, sync_editor_permissions

__all__ = ["EDITORS_GROUP", "editor_permissions", "sync_editor_permissions"]
