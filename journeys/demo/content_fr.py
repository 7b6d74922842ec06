"""The demo journeys' texts in French, keyed as the loader's tables in `__init__` are."""

PERSONA = {
    "name": "Voyageur d’affaires qui loue une voiture",
    "description": (
        "Ingénieur commercial qui prend l’avion deux fois par mois pour voir ses clients et "
        "loue une voiture à l’aéroport ; l’entreprise paie, le voyageur choisit."
    ),
}
# Le groupe d’achat (support 001) : l’entreprise paie, le voyageur choisit.
COMPANY_PERSONA = {
    "name": "Entreprise du voyageur",
    "description": (
        "L’employeur du voyageur : il fixe la politique voyage à laquelle la location doit se "
        "conformer et paie sur son compte voyages d’affaires."
    ),
}
BUYING_GROUP_NEEDS = {
    "company": "Une location conforme à la politique voyage, et une facture unique au nom de "
    "l’entreprise.",
    "traveller": "Une voiture adaptée au déplacement, prise et rendue sans attendre.",
}
AS_IS = {
    "name": "Location de voiture — voyage d’affaires",
    "description": (
        "Réserver puis louer une voiture à l’aéroport pour un voyage d’affaires, tel que le "
        "parcours se déroule aujourd’hui."
    ),
}
TO_BE = {
    "name": "Location de voiture — voyage d’affaires (cible)",
    "description": (
        "Le parcours cible : comptoir express pour les réservations prépayées, enregistrement "
        "en ligne dans l’appli et facture remise au contrôle du retour."
    ),
    "snapshot": "Avant les changements cibles : la copie du parcours actuel",
}

# stage code: name, place, customer goal, expectations
STAGES = {
    "A": (
        "Découvrir les offres en ligne",
        "à la maison",
        "Trouver un loueur présent à l’aéroport d’arrivée.",
        "Des prix et des disponibilités clairs au premier coup d’œil.",
    ),
    "B": (
        "Comparer les offres",
        "à la maison",
        "Choisir le meilleur rapport qualité-prix pour un déplacement professionnel.",
        "Des catégories comparables, des assurances et des frais visibles.",
    ),
    "C": (
        "Préréserver une voiture",
        "à la maison",
        "Bloquer une voiture pour les dates du voyage.",
        "Un formulaire rapide qui se souvient du compte entreprise.",
    ),
    "D": (
        "Réserver et payer",
        "à la maison",
        "Confirmer la réservation et payer avec la carte de l’entreprise.",
        "Une facture au nom de l’entreprise, une confirmation claire.",
    ),
    "E": (
        "Arriver à l’aéroport",
        "aéroport",
        "Trouver vite le comptoir de location après l’atterrissage.",
        "Une signalétique claire, un rappel qui indique où se trouve le comptoir.",
    ),
    "F": (
        "Retirer la voiture au comptoir",
        "aéroport",
        "Récupérer les clés et partir sans attendre.",
        "Pas de file d’attente, pas de vente additionnelle insistante, des papiers vite vérifiés.",
    ),
    "G": (
        "Prendre la voiture au parking",
        "parking",
        "Trouver la voiture, en faire le tour et prendre la route.",
        "Une voiture propre, de la catégorie annoncée, facile à trouver.",
    ),
    "H": (
        "Rendre la voiture",
        "parking",
        "Déposer la voiture et attraper son vol.",
        "Un contrôle rapide, la facture par e-mail, pas de frais imprévus.",
    ),
}

# touchpoint: name, tools
TOUCHPOINTS = {
    "search_ad": ("Annonce sur un moteur de recherche", "Régie publicitaire"),
    "offers_page": ("Page des offres", "CMS du site web"),
    "newsletter": ("Newsletter de campagne", "Outil d’e-mailing"),
    "comparison_page": ("Comparateur de véhicules", "CMS du site web"),
    "chat": ("Chat en direct avec un conseiller", "Outil de chat"),
    "pre_booking_form": ("Formulaire de préréservation", "Moteur de réservation"),
    "pre_booking_app": ("Préréservation dans l’appli", "Application mobile"),
    "availability_check": ("Vérification des disponibilités de la flotte", "Logiciel de flotte"),
    "payment_page": ("Page de paiement", "Prestataire de paiement"),
    "confirmation": ("Confirmation de réservation", "Outil d’e-mailing"),
    "call_centre": ("Centre d’appels réservations", "Téléphonie, moteur de réservation"),
    "fraud_screening": ("Contrôle antifraude", "Prestataire de paiement"),
    "pick_up_reminder": ("Rappel avant le retrait", "Passerelle SMS"),
    "signage": ("Signalétique de l’aéroport", ""),
    "counter_check_in": ("Accueil au comptoir", "Logiciel du comptoir"),
    "deposit": ("Caution sur la carte", "Terminal de paiement"),
    "contract": ("Préparation du contrat", "Logiciel du comptoir"),
    "bay_number": ("Numéro de place sur le contrat", "Logiciel du comptoir"),
    "car_preparation": ("Préparation et nettoyage de la voiture", "Logiciel de flotte"),
    "damage_check": ("État des lieux dans l’appli", "Application mobile"),
    "return_check": ("Contrôle du retour par un agent", "Terminal portable"),
    "final_invoice": ("Facture finale", "Logiciel de facturation"),
    "survey": ("Enquête de satisfaction", "Parcours"),
    # The to-be journey's own.
    "digital_check_in": ("Enregistrement en ligne dans l’appli", "Application mobile"),
    "express_lane": ("File express au comptoir", "Logiciel du comptoir"),
}

# moment of truth: description, standard
MOMENTS = {
    "payment": ("Le paiement passe du premier coup", "Paiement accepté en moins de 30 secondes"),
    "key_handover": ("La remise des clés au comptoir", "Voiture remise en moins de 10 minutes"),
    "car_discovered": (
        "Le client découvre la voiture",
        "Voiture propre, de la catégorie réservée ou supérieure",
    ),
    "return_check": (
        "Un contrôle du retour sans frais imprévus",
        "Facture finale envoyée moins d’une heure après le retour",
    ),
    "counter_found": ("Trouver le comptoir de location à l’arrivée", ""),
}

# The measurable part of a moment's standard: metric, unit
MEASURABLE = {"key_handover": ("Attente au comptoir", "min")}

# observation: description
OBSERVATIONS = {
    "all_fees_shown": "Prix affichés tous frais compris dès la première page",
    "insurance_compared": "Options d’assurance difficiles à comparer d’une catégorie à l’autre",
    "company_details_again": "Le formulaire redemande les coordonnées de l’entreprise",
    "no_flight_number": "Une préréservation sans numéro de vol oblige à rappeler le client",
    "one_call_fix": "Les conseillers du centre d’appels règlent une réservation en un appel",
    "counter_not_signposted": "Comptoir non fléché dans le terminal 2",
    "queue": "Vingt minutes d’attente au comptoir aux heures de pointe",
    "double_entry": "Les agents ressaisissent la réservation dans le logiciel du comptoir",
    "friendly_agents": "Des agents aimables qui connaissent la région",
    "clean_cars": "Des voitures propres et récentes",
    "cleaning_short_staffed": "Équipe de nettoyage en sous-effectif le lundi matin",
    "handheld_liked": "Les agents du retour apprécient le terminal portable",
    "fuel_charge_later": "Frais de carburant découverts sur la facture quelques jours plus tard",
    # The to-be journey's own.
    "keys_in_five_minutes": "Les clés en main cinq minutes après l’arrivée au comptoir",
}

# action: title, description
ACTIONS = {
    "express_counter": (
        "Comptoir express pour les réservations professionnelles prépayées",
        "Ouvrir une file dédiée au comptoir aux heures de pointe.",
    ),
    "bookings_to_counter": (
        "Transmettre automatiquement les réservations au logiciel du comptoir",
        "Supprimer la double saisie dont se plaignent les agents.",
    ),
    "counter_in_sms": ("Indiquer l’emplacement du comptoir dans le SMS de retrait", ""),
    "fuel_at_return": (
        "Annoncer les frais de carburant au contrôle du retour",
        "Le terminal de l’agent imprime le montant final avant le départ du client.",
    ),
}

# Le lien en lecture seule vers la carte as-is, envoyé au comité de pilotage.
SHARE_LINK_LABEL = "Comité de pilotage"

# fils de commentaires sur la carte actuelle : point de contact, auteur, texte, réponses
# (auteur, texte), résolu
COMMENTS = [
    (
        "counter_check_in",
        "claire",
        "@ines les agents disent que la file culmine à 9 h le lundi : peux-tu poser la question "
        "lors de tes entretiens au comptoir ?",
        [("ines", "@claire oui, je l’ajoute aux entretiens de jeudi avec l’équipe du comptoir.")],
        False,
    ),
    (
        "deposit",
        "claire",
        "Le montant de la caution manque dans la confirmation de réservation ; la page des "
        "conditions le donne : https://parcours-location.example/conditions",
        [("ines", "La confirmation de la carte cible l’affiche désormais, @claire.")],
        True,
    ),
]
