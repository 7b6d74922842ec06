"""The demo register's texts in French, keyed as the loader's tables in `__init__` are."""

COOKIE_BANNER = (
    "Bandeau cookies : les cookies de mesure d’audience restent désactivés tant que le "
    "visiteur ne les a pas acceptés."
)

# data item: name, source, how consent is collected, retention if it differs from the
# activity's
ITEMS = {
    "ip_address_offers": (
        "adresse IP",
        "Serveur web et cookies de mesure d’audience",
        COOKIE_BANNER,
        "13 mois",
    ),
    "visit_duration": ("durée de la visite", "Mesure d’audience", COOKIE_BANNER, "13 mois"),
    "ip_address_pre_booking": (
        "adresse IP",
        "Journaux du moteur de réservation",
        "",
        "6 mois (journaux de sécurité)",
    ),
    "pre_booking": (
        "informations de préréservation",
        "Formulaire de préréservation : dates, aéroport, catégorie de voiture",
        "",
        "3 mois si la réservation n’est pas confirmée",
    ),
    "competitor_sites": (
        "sites concurrents visités",
        "Données intersites du partenaire publicitaire",
        "",
        "",
    ),
    "identity": ("prénom, nom, adresse", "Formulaire de réservation", "", ""),
    "login": (
        "identifiant",
        "Compte client",
        "",
        "Jusqu’à la clôture du compte, ou après 3 ans sans connexion",
    ),
    "payment_method": (
        "mode de paiement",
        "Prestataire de paiement (nous ne conservons jamais le numéro de carte)",
        "",
        "13 mois après le paiement (contestations de paiement)",
    ),
    "subscription": (
        "préférences d’abonnement",
        "Case d’inscription à la newsletter du formulaire de réservation",
        "Case d’inscription non cochée sur le formulaire de réservation ; lien de "
        "désinscription dans chaque e-mail.",
        "3 ans après le dernier contact",
    ),
    "second_driver": (
        "second conducteur",
        "Contrat de location : nom et permis du second conducteur",
        "",
        "",
    ),
    "children": (
        "enfants",
        "Sièges enfants demandés : nombre et tranche d’âge des enfants",
        "",
        "",
    ),
    "transaction_id": (
        "ID de transaction",
        "Logiciel du comptoir",
        "",
        "10 ans (pièces comptables)",
    ),
    "distance": ("distance parcourue", "Relevé du compteur au retour", "", ""),
}

CONTROLLER = "Société de location SA — 12 avenue de l’Aéroport, 75000 Paris"
ACTIVITIES = {
    "contract": {
        "name": "Réservations et contrats de location de voitures",
        "purposes": (
            "Prendre et gérer les réservations, préparer et exécuter le contrat de location, "
            "le facturer, et traiter le retour du véhicule, les dommages et les amendes."
        ),
        "controller_contact": CONTROLLER,
        "data_subjects": "Clients, seconds conducteurs et enfants qui voyagent avec eux",
        "legal_basis_justification": (
            "Nécessaire à l’exécution du contrat de location (art. 6, paragraphe 1, point b)."
        ),
        "retention": "3 ans après la fin du contrat ; factures : 10 ans",
        "recipients": (
            "Personnel des réservations et du comptoir, gestion de la flotte, comptabilité ; "
            "l’exploitant de la navette (sous-traitant)"
        ),
        "security_notes": (
            "Accès selon le rôle, TLS partout, sauvegardes chiffrées tous les jours."
        ),
    },
    "marketing": {
        "name": "Audience du site web et marketing",
        "purposes": (
            "Mesurer l’audience du site web, cibler la publicité avec les données d’un "
            "partenaire et envoyer la newsletter."
        ),
        "controller_contact": CONTROLLER,
        "data_subjects": "Visiteurs du site web, prospects et clients",
        "legal_basis_justification": (
            "Cookies et newsletter uniquement avec le consentement du visiteur."
        ),
        "retention": "13 mois pour les cookies ; 3 ans après le dernier contact pour les prospects",
        "recipients": "Équipe marketing ; partenaire publicitaire (responsable conjoint)",
        "transfer_countries": "États-Unis",
    },
}

SENT_BACK = (
    "Les données intersites du partenaire publicitaire relèvent du profilage avec des données "
    "externes : décrivez comment le consentement est recueilli, et attendez l’AIPD."
)

PROCESSOR = {
    "service": (
        "Conduit les clients du terminal au parking ; reçoit leur nom et leur numéro de vol"
    ),
    "agreement_location": "Dossier Contrats / Navette Aéro / contrat de sous-traitance (art. 28)",
}

# DPIA screening of each activity: the notes and the conclusion
DPIA = {
    "marketing": {
        "evaluation_scoring_notes": "Les visiteurs sont profilés pour la publicité ciblée.",
        "matching_datasets_notes": (
            "Les données intersites du partenaire publicitaire sont croisées avec les nôtres."
        ),
        "large_scale_notes": "Environ 40 000 visiteurs par mois.",
        "conclusion": (
            "Trois critères, et le traitement figure sur la liste de la CNIL (profilage avec "
            "des données externes)."
        ),
    },
    "contract": {
        "large_scale_notes": "Environ 90 000 locations par an.",
        "conclusion": "Un seul critère : pas d’AIPD en principe.",
    },
}

# requirement: evidence
REQUIREMENTS = {
    "appoint_dpo": "Désignation du DPO déclarée à la CNIL.",
    "map_processing": "Ce registre, étape par étape.",
    "dpia": "AIPD marketing en cours.",
    "online_consent": "Bandeau cookies et case d’inscription non cochée.",
}
