"""The demo register's texts in English, keyed as the loader's tables in `__init__` are."""

COOKIE_BANNER = "Cookie banner: audience cookies are off until the visitor accepts."

# data item: name, source, how consent is collected, retention if it differs from the
# activity's
ITEMS = {
    "ip_address_offers": (
        "IP address",
        "Web server and audience cookies",
        COOKIE_BANNER,
        "13 months",
    ),
    "visit_duration": ("visit duration", "Audience measurement", COOKIE_BANNER, "13 months"),
    "ip_address_pre_booking": (
        "IP address",
        "Booking engine logs",
        "",
        "6 months (security logs)",
    ),
    "pre_booking": (
        "pre-booking information",
        "Pre-booking form: dates, airport, car category",
        "",
        "3 months if the booking is not confirmed",
    ),
    "competitor_sites": (
        "competitor sites visited",
        "Advertising partner's cross-site data",
        "",
        "",
    ),
    "identity": ("first name, name, address", "Booking form", "", ""),
    "login": (
        "login",
        "Customer account",
        "",
        "Until the account is closed, or after 3 years without a login",
    ),
    "payment_method": (
        "payment method",
        "Payment provider (card number never stored by us)",
        "",
        "13 months after the payment (chargebacks)",
    ),
    "subscription": (
        "subscription preferences",
        "Newsletter opt-in on the booking form",
        "Unticked opt-in box on the booking form; unsubscribe link in every e-mail.",
        "3 years after the last contact",
    ),
    "second_driver": (
        "second driver",
        "Rental contract: second driver's name and licence",
        "",
        "",
    ),
    "children": (
        "children",
        "Child seats requested: number and age band of children",
        "",
        "",
    ),
    "transaction_id": (
        "transaction ID",
        "Counter software",
        "",
        "10 years (accounting records)",
    ),
    "distance": ("distance driven", "Odometer reading at return", "", ""),
}

CONTROLLER = "Rental company SA — 12 avenue de l'Aéroport, 75000 Paris"
ACTIVITIES = {
    "contract": {
        "name": "Car rental bookings and contracts",
        "purposes": (
            "Take and manage bookings, prepare and perform the rental contract, invoice it, "
            "and handle the vehicle's return, damage and fines."
        ),
        "controller_contact": CONTROLLER,
        "data_subjects": "Customers, second drivers and the children travelling with them",
        "legal_basis_justification": "Needed to perform the rental contract (Art. 6(1)(b)).",
        "retention": "3 years after the end of the contract; invoices 10 years",
        "recipients": (
            "Booking and counter staff, fleet management, accounting; the shuttle operator "
            "(processor)"
        ),
        "security_notes": "Role-based access, TLS everywhere, daily encrypted backups.",
    },
    "marketing": {
        "name": "Website audience and marketing",
        "purposes": (
            "Measure the website's audience, target advertising with a partner's data, and "
            "send the newsletter."
        ),
        "controller_contact": CONTROLLER,
        "data_subjects": "Website visitors, prospects and customers",
        "legal_basis_justification": "Cookies and newsletter only with the visitor's consent.",
        "retention": "13 months for cookies; 3 years after the last contact for prospects",
        "recipients": "Marketing team; advertising partner (joint controller)",
        "transfer_countries": "United States",
    },
}

SENT_BACK = (
    "Cross-site data from the advertising partner is profiling with external data: describe "
    "how consent is collected, and wait for the DPIA."
)

PROCESSOR = {
    "service": "Drives customers from the terminal to the car park; receives name and flight",
    "agreement_location": "Contracts drive / Navette Aéro / DPA (Article 28)",
}

# DPIA screening of each activity: the notes and the conclusion
DPIA = {
    "marketing": {
        "evaluation_scoring_notes": "Visitors are profiled for targeted advertising.",
        "matching_datasets_notes": (
            "The advertising partner's cross-site data is combined with ours."
        ),
        "large_scale_notes": "About 40,000 visitors a month.",
        "conclusion": "Three criteria, and on the CNIL's list (profiling with external data).",
    },
    "contract": {
        "large_scale_notes": "About 90,000 rentals a year.",
        "conclusion": "One criterion: no DPIA in principle.",
    },
}

# requirement: evidence
REQUIREMENTS = {
    "appoint_dpo": "Appointment declared to the CNIL.",
    "map_processing": "This register, stage by stage.",
    "dpia": "Marketing DPIA under way.",
    "online_consent": "Cookie banner and unticked opt-in box.",
}
