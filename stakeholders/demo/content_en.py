"""The demo stakeholders' texts in English, keyed as the loader's tables in `__init__` are."""

# stakeholder: title, department or company, tools per stage of involvement
STAKEHOLDERS = {
    "Sophie Bernard": (
        "Website sales manager",
        "E-commerce",
        {
            "A": "Website CMS, e-mailing tool",
            "B": "Chat tool",
            "D": "Booking engine, payment platform",
        },
    ),
    "Karim Haddad": (
        "Airport counter manager",
        "Airport agencies",
        {"F": "Counter software", "H": "Return handheld, counter software"},
    ),
    "Julie Petit": (
        "Fleet manager",
        "Operations",
        {"G": "Fleet management system", "H": "Fleet management system, damage app"},
    ),
    "Thomas Garnier": (
        "Agency employee",
        "Airport agencies",
        {"C": "Telephony, CRM", "F": "Counter software"},
    ),
    "Propreté Express": (
        "Vehicle cleaning subcontractor",
        "Propreté Express SAS",
        {"G": "Cleaning checklist app"},
    ),
    "Navette Aéro": (
        "Airport shuttle operator",
        "Navette Aéro SARL",
        {"E": "Dispatch software"},
    ),
}

# KPI: name, unit, rationale
KPIS = {
    "calls_per_day": (
        "Calls handled per day",
        "calls",
        "Pushes agents to cut calls short, when a business traveller needs a complete answer.",
    ),
    "counter_wait": (
        "Average wait at the counter",
        "minutes",
        "The wait is the first irritant customers name at pick-up.",
    ),
    "online_conversion": (
        "Online conversion rate",
        "%",
        "Good for sales; says nothing about whether the offer was clear.",
    ),
    "cars_ready": (
        "Cars ready at the booked time",
        "%",
        "A car that is not ready is a broken promise at the moment of truth.",
    ),
}

# incentive: name, eligible population, calculation
INCENTIVES = {
    "call_bonus": (
        "Monthly call-volume bonus",
        "Agency employees on the phone line",
        "€5 per call above 60 a day, paid monthly.",
    ),
    "counter_award": (
        "Quarterly counter satisfaction award",
        "Counter teams of each airport",
        "A team dinner for the counter with the best pick-up CSAT of the quarter.",
    ),
    "insurance_commission": (
        "Insurance upsell commission",
        "Website sales team",
        "2% of the insurance options sold online.",
    ),
}

# SLA, by its contract reference: service, objective's metric, unit
SLAS = {
    "CT-2025-014": (
        "Interior and exterior cleaning of returned cars",
        "Cars clean and ready before the next pick-up",
        "%",
    ),
    "CT-2025-021": (
        "Shuttle between the terminals and the rental car park",
        "Average waiting time at the shuttle stop",
        "minutes",
    ),
}

# What the interviewees answer.
INTERVIEW = {
    "role_at_pick_up": "I hand over the keys and explain the contract at the counter.",
    "irritant_at_pick_up": (
        "The booking made on the website does not reach the counter software; we retype "
        "everything while the customer waits."
    ),
    "enchantment_at_pick_up": "Regular customers thank us when we remember their preferences.",
    "role_at_pre_booking": "I answer pre-booking calls and e-mails.",
    "channels_and_volumes": "Counter: about 90 customers a day; phone: 60 calls a day.",
    "tools": "Counter software, telephony, CRM.",
    "blockers": "The call target leaves no time to finish a complicated booking.",
    "suggestions": "Send website bookings to the counter automatically.",
}
