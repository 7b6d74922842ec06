"""The demo stakeholders' texts in French, keyed as the loader's tables in `__init__` are."""

# stakeholder: title, department or company, tools per stage of involvement
STAKEHOLDERS = {
    "Sophie Bernard": (
        "Responsable commerciale du site web",
        "E-commerce",
        {
            "A": "CMS du site web, outil d’e-mailing",
            "B": "Outil de chat",
            "D": "Moteur de réservation, plateforme de paiement",
        },
    ),
    "Karim Haddad": (
        "Responsable du comptoir de l’aéroport",
        "Agences aéroport",
        {"F": "Logiciel du comptoir", "H": "Terminal portable de retour, logiciel du comptoir"},
    ),
    "Julie Petit": (
        "Responsable de la flotte de véhicules",
        "Opérations",
        {"G": "Logiciel de flotte", "H": "Logiciel de flotte, appli d’état des lieux"},
    ),
    "Thomas Garnier": (
        "Employé d’agence",
        "Agences aéroport",
        {"C": "Téléphonie, CRM", "F": "Logiciel du comptoir"},
    ),
    "Propreté Express": (
        "Sous-traitant du nettoyage des véhicules",
        "Propreté Express SAS",
        {"G": "Appli de suivi du nettoyage"},
    ),
    "Navette Aéro": (
        "Exploitant de la navette de l’aéroport",
        "Navette Aéro SARL",
        {"E": "Logiciel de régulation"},
    ),
}

# KPI: name, unit, rationale
KPIS = {
    "calls_per_day": (
        "Appels traités par jour",
        "appels",
        "Pousse les agents à écourter les appels, alors qu’un voyageur d’affaires attend une "
        "réponse complète.",
    ),
    "counter_wait": (
        "Attente moyenne au comptoir",
        "minutes",
        "L’attente est le premier irritant que citent les clients au retrait de la voiture.",
    ),
    "online_conversion": (
        "Taux de conversion en ligne",
        "%",
        "Bon pour les ventes ; ne dit rien de la clarté de l’offre.",
    ),
    "cars_ready": (
        "Voitures prêtes à l’heure réservée",
        "%",
        "Une voiture qui n’est pas prête, c’est une promesse non tenue au moment de vérité.",
    ),
}

# incentive: name, eligible population, calculation
INCENTIVES = {
    "call_bonus": (
        "Prime mensuelle au volume d’appels",
        "Employés d’agence affectés à la ligne téléphonique",
        "5 € par appel au-delà de 60 par jour, versés chaque mois.",
    ),
    "counter_award": (
        "Trophée trimestriel de la satisfaction au comptoir",
        "Équipes des comptoirs de chaque aéroport",
        "Un dîner d’équipe pour le comptoir qui obtient le meilleur CSAT au retrait sur le "
        "trimestre.",
    ),
    "insurance_commission": (
        "Commission sur la vente d’assurances",
        "Équipe commerciale du site web",
        "2 % des options d’assurance vendues en ligne.",
    ),
}

# SLA, by its contract reference: service, objective's metric, unit
SLAS = {
    "CT-2025-014": (
        "Nettoyage intérieur et extérieur des voitures rendues",
        "Voitures propres et prêtes avant le retrait suivant",
        "%",
    ),
    "CT-2025-021": (
        "Navette entre les terminaux et le parking de location",
        "Temps d’attente moyen à l’arrêt de la navette",
        "minutes",
    ),
}

# What the interviewees answer.
INTERVIEW = {
    "role_at_pick_up": "Je remets les clés et j’explique le contrat au comptoir.",
    "irritant_at_pick_up": (
        "La réservation faite sur le site n’arrive pas dans le logiciel du comptoir ; nous "
        "ressaisissons tout pendant que le client attend."
    ),
    "enchantment_at_pick_up": (
        "Les clients réguliers nous remercient quand nous nous souvenons de leurs préférences."
    ),
    "role_at_pre_booking": "Je réponds aux appels et aux e-mails de préréservation.",
    "channels_and_volumes": (
        "Comptoir : environ 90 clients par jour ; téléphone : 60 appels par jour."
    ),
    "tools": "Logiciel du comptoir, téléphonie, CRM.",
    "blockers": "L’objectif d’appels ne laisse pas le temps de finir une réservation compliquée.",
    "suggestions": "Transmettre automatiquement au comptoir les réservations faites sur le site.",
}
