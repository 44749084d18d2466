"""Closed-class words whose index terms pymorphy3 alone gets wrong or incomplete.

Hand-written from Russian grammar (not from any gold file). Each entry lists the
terms of one normalized word form, best guess first.
"""

from __future__ import annotations

# Word form -> terms, best guess first.
CLOSED_CLASS: dict[str, tuple[str, ...]] = {
    # Possessive его/её/их are also forms of он/она/они ("его книга" / "вижу его").
    "его": ("его", "он"),
    "ее": ("ее", "она"),
    "их": ("они", "их"),
    # Vowel-final variants of prepositions ("во время", "со мной", "обо всем").
    "во": ("во", "в"),
    "со": ("со", "с"),
    "ко": ("ко", "к"),
    "об": ("об", "о"),
    "обо": ("обо", "о"),
    "изо": ("изо", "из"),
    "ото": ("ото", "от"),
    "подо": ("подо", "под"),
    "надо": ("надо", "над"),
    "передо": ("передо", "перед"),
    # Forms shared by the pronoun то/это/все and the determiner тот/этот/весь.
    "того": ("то", "тот"),
    "том": ("то", "тот", "том"),
    "тем": ("то", "тот", "тема"),
    "этом": ("это", "этот"),
    "всего": ("все", "весь", "всего"),
    "всем": ("все", "весь"),
    "всех": ("весь", "все"),
    # "есть" is far more often "is/there is" (быть) than "to eat".
    "есть": ("быть", "есть"),
    # Degree words used as adverbs or quantifiers ("больше людей", "более того").
    "больше": ("больше", "много", "большой"),
    "более": ("более", "много"),
    "меньше": ("меньше", "мало", "маленький"),
    "менее": ("менее", "мало"),
    # Negative and interrogative pronouns in the genitive.
    "ничего": ("ничто", "ничего"),
    "чего": ("что", "чего"),
    # Modal short adjective: должен / должна / должно / должны.
    "должен": ("должен", "должный"),
    "должна": ("должен", "должный"),
    "должно": ("должен", "должный"),
    "должны": ("должен", "должный"),
}

# Pronoun lemmas with a second conventional lemma: "того" is a form of тот and of то.
PRONOUN_ALTERNATES: dict[str, str] = {
    "тот": "то",
    "то": "тот",
    "этот": "это",
    "это": "этот",
    "весь": "все",
    "все": "весь",
}

# Abbreviations (the final dot is gone after normalization) -> the word, indexed first.
ABBREVIATIONS: dict[str, str] = {
    "г": "год",
    "гг": "год",
    "вв": "век",
    "ст": "статья",
    "обл": "область",
    "руб": "рубль",
    "тыс": "тысяча",
    "млн": "миллион",
    "млрд": "миллиард",
    "кг": "килограмм",
    "гр": "грамм",
    "мг": "миллиграмм",
    "мл": "миллилитр",
    "км": "километр",
    "см": "сантиметр",
    "мм": "миллиметр",
    "шт": "штука",
    "мин": "минута",
    "ул": "улица",
    "пр": "проспект",
    "пн": "понедельник",
    "вт": "вторник",
    "ср": "среда",
    "чт": "четверг",
    "пт": "пятница",
    "сб": "суббота",
    "вс": "воскресенье",
}
