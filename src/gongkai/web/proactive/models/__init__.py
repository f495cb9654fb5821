"""The proactive disclosure register: items (主动公开信息) with their channels and history, the
taxonomy the office keeps, the agencies' catalogue particulars, index-number serials and the guides."""

from gongkai.web.proactive.models.guides import Guide
from gongkai.web.proactive.models.items import IndexSerial, Item, ItemAgency, ItemChannel, ItemEvent
from gongkai.web.proactive.models.taxonomy import AgencyProfile, Category, Genre

__all__ = ["AgencyProfile", "Category", "Genre", "Guide", "IndexSerial", "Item", "ItemAgency", "ItemChannel",
           "ItemEvent"]
