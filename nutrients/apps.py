from django.apps import AppConfig


class NutrientsConfig(AppConfig):
    name = "nutrients"
    verbose_name = "Site content"
