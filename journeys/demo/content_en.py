"""The demo journeys' texts in English, keyed as the loader's tables in `__init__` are."""

PERSONA = {
    "name": "Business traveller renting a car",
    "description": (
        "A sales engineer who flies to client sites twice a month and rents a car at the "
        "airport; the company pays, the traveller chooses."
    ),
}
# The buying group (seed 001): the company pays, the traveller chooses.
COMPANY_PERSONA = {
    "name": "Traveller's company",
    "description": (
        "The traveller's employer: it sets the travel policy the rental must fit and pays "
        "through its business travel account."
    ),
}
BUYING_GROUP_NEEDS = {
    "company": "A rental within the travel policy, and one invoice in the company's name.",
    "traveller": "A car that suits the trip, picked up and returned without waiting.",
}
AS_IS = {
    "name": "Car rental — business trip",
    "description": "Booking and renting a car at the airport for a business trip, as it is today.",
}
TO_BE = {
    "name": "Car rental — business trip (to-be)",
    "description": (
        "The target journey: express counter for pre-paid bookings, digital check-in in the "
        "app, and the invoice at the return check."
    ),
    "snapshot": "Before the to-be changes: the copy of the as-is journey",
}

# stage code: name, place, customer goal, expectations
STAGES = {
    "A": (
        "Discover offers online",
        "at home",
        "Find a rental company that serves the destination airport.",
        "Clear prices and availability at first glance.",
    ),
    "B": (
        "Compare offers",
        "at home",
        "Choose the best value for a business trip.",
        "Comparable categories, visible insurance and fees.",
    ),
    "C": (
        "Pre-book a car",
        "at home",
        "Hold a car for the trip dates.",
        "A quick form that remembers the company account.",
    ),
    "D": (
        "Book and pay",
        "at home",
        "Confirm the booking and pay with the company card.",
        "An invoice addressed to the company, a clear confirmation.",
    ),
    "E": (
        "Arrive at the airport",
        "airport",
        "Find the rental counter quickly after landing.",
        "Clear signs, a reminder with the counter's location.",
    ),
    "F": (
        "Pick up at the counter",
        "airport",
        "Get the keys and leave without waiting.",
        "No queue, no upselling, documents checked fast.",
    ),
    "G": (
        "Take the car in the car park",
        "car park",
        "Find the car, check it and drive off.",
        "A clean car, in the announced category, easy to find.",
    ),
    "H": (
        "Return the car",
        "car park",
        "Drop the car and catch the flight.",
        "A fast check-in, the invoice by e-mail, no surprise fees.",
    ),
}

# touchpoint: name, tools
TOUCHPOINTS = {
    "search_ad": ("Search-engine ad", "Ad platform"),
    "offers_page": ("Offers page", "Website CMS"),
    "newsletter": ("Campaign newsletter", "E-mailing tool"),
    "comparison_page": ("Vehicle comparison page", "Website CMS"),
    "chat": ("Live chat with an adviser", "Chat tool"),
    "pre_booking_form": ("Pre-booking form", "Booking engine"),
    "pre_booking_app": ("Pre-booking in the app", "Mobile app"),
    "availability_check": ("Fleet availability check", "Fleet management system"),
    "payment_page": ("Payment page", "Payment provider"),
    "confirmation": ("Booking confirmation", "E-mailing tool"),
    "call_centre": ("Booking call centre", "Telephony, booking engine"),
    "fraud_screening": ("Fraud screening", "Payment provider"),
    "pick_up_reminder": ("Pick-up reminder", "SMS gateway"),
    "signage": ("Airport signage", ""),
    "counter_check_in": ("Counter check-in", "Counter software"),
    "deposit": ("Deposit on the card", "Payment terminal"),
    "contract": ("Contract preparation", "Counter software"),
    "bay_number": ("Bay number on the contract", "Counter software"),
    "car_preparation": ("Car preparation and cleaning", "Fleet management system"),
    "damage_check": ("Damage check in the app", "Mobile app"),
    "return_check": ("Return check by an agent", "Handheld terminal"),
    "final_invoice": ("Final invoice", "Billing system"),
    "survey": ("Satisfaction survey", "Parcours"),
    # The to-be journey's own.
    "digital_check_in": ("Digital check-in in the app", "Mobile app"),
    "express_lane": ("Express counter lane", "Counter software"),
}

# moment of truth: description, standard
MOMENTS = {
    "payment": (
        "Payment goes through at the first attempt",
        "Payment accepted in under 30 seconds",
    ),
    "key_handover": ("Key handover at the counter", "Car handed over in under 10 minutes"),
    "car_discovered": (
        "The customer discovers the car",
        "Car clean and in the booked category or better",
    ),
    "return_check": (
        "Return check without surprise fees",
        "Final invoice sent within 1 hour of return",
    ),
    "counter_found": ("Finding the rental counter after landing", ""),
}

# The measurable part of a moment's standard: metric, unit
MEASURABLE = {"key_handover": ("Counter wait", "min")}

# observation: description
OBSERVATIONS = {
    "all_fees_shown": "Prices shown with all fees from the first page",
    "insurance_compared": "Insurance options hard to compare between categories",
    "company_details_again": "The form asks again for the company details",
    "no_flight_number": "Pre-bookings without a flight number need a call back",
    "one_call_fix": "Call-centre staff can fix a booking in one call",
    "counter_not_signposted": "Counter not signposted in terminal 2",
    "queue": "Twenty-minute queue at the counter at peak time",
    "double_entry": "Agents must re-enter the booking in the counter software",
    "friendly_agents": "Friendly agents who know the region",
    "clean_cars": "Cars are clean and recent",
    "cleaning_short_staffed": "Cleaning team short-staffed on Monday mornings",
    "handheld_liked": "Return agents like the handheld terminal",
    "fuel_charge_later": "Fuel charge found on the invoice days later",
    # The to-be journey's own.
    "keys_in_five_minutes": "Keys in hand five minutes after reaching the counter",
}

# action: title, description
ACTIONS = {
    "express_counter": (
        "Express counter for pre-paid business bookings",
        "Open a dedicated counter lane at peak hours.",
    ),
    "bookings_to_counter": (
        "Send bookings to the counter software automatically",
        "Remove the double entry agents complain about.",
    ),
    "counter_in_sms": ("Add the counter's location to the pick-up SMS", ""),
    "fuel_at_return": (
        "Show the fuel charge at the return check",
        "The agent's terminal prints the final amount before the customer leaves.",
    ),
}

# The read-only link to the as-is map, sent to the steering committee.
SHARE_LINK_LABEL = "Steering committee"

# comment threads on the as-is map: touchpoint, author, text, replies (author, text), resolved
COMMENTS = [
    (
        "counter_check_in",
        "claire",
        "@ines agents say the queue peaks at 9 am on Mondays: could you ask about it in your "
        "counter interviews?",
        [("ines", "@claire yes, I'll add it to Thursday's interviews with the counter team.")],
        False,
    ),
    (
        "deposit",
        "claire",
        "The deposit amount is missing from the booking confirmation; the conditions page says "
        "it: https://parcours-location.example/conditions",
        [("ines", "The to-be confirmation e-mail now shows it, @claire.")],
        True,
    ),
]
