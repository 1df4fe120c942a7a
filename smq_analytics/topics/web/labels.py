"""Display labels (FR/EN) of the web topic: channel names, sources, caveats, chart titles and series
names, so that charts.py knows no topic (docs/ARCHITECTURE.md, « Topics »).

Channels are stored in Google's English names (web_metrics); French reports show French names,
English reports keep Google's own. A name the table does not know is shown as stored.
"""

from __future__ import annotations

from ...i18n import Message

CHANNELS: dict[str, Message] = {
    "Organic Search": Message("Recherche naturelle", "Organic Search"),
    "Direct": Message("Accès direct", "Direct"),
    "Organic Social": Message("Réseaux sociaux (naturel)", "Organic Social"),
    "Referral": Message("Sites référents", "Referral"),
    "Email": Message("Courriel", "Email"),
    "Paid Search": Message("Recherche payante", "Paid Search"),
    "Paid Social": Message("Réseaux sociaux (payant)", "Paid Social"),
    "Paid Video": Message("Vidéo (payant)", "Paid Video"),
    "Paid Shopping": Message("Shopping (payant)", "Paid Shopping"),
    "Paid Other": Message("Autre publicité", "Paid Other"),
    "Display": Message("Display", "Display"),
    "Cross-network": Message("Multiréseau", "Cross-network"),
    "Organic Video": Message("Vidéo (naturel)", "Organic Video"),
    "Organic Shopping": Message("Shopping (naturel)", "Organic Shopping"),
    "Affiliates": Message("Affiliation", "Affiliates"),
    "Audio": Message("Audio", "Audio"),
    "SMS": Message("SMS", "SMS"),
    "Mobile Push Notifications": Message("Notifications push", "Mobile Push Notifications"),
    "Unassigned": Message("Non attribué", "Unassigned"),
}


NO_SESSION = Message("Sans session (consentement refusé)", "No session (consent denied)")


def channel_label(channel: str, lang: str = "fr") -> str:
    if channel == "__no_session__":
        return NO_SESSION(lang)
    message = CHANNELS.get(str(channel))
    return message(lang) if message else str(channel)


SOURCES: dict[str, Message] = {
    "ga4-events": Message("GA4, événements bruts (exportation BigQuery)", "GA4 raw events (BigQuery export)"),
    "ga4-ui": Message("GA4, rapports téléchargés de l'interface", "GA4 reports downloaded from the interface"),
    "ga4-api": Message("GA4, rapports de l'API Data", "GA4 Data API reports"),
    "ua": Message("Universal Analytics, exportations de rapports", "Universal Analytics report exports"),
}
PLATFORMS = {"ga4": Message("GA4", "GA4"), "ua": Message("Universal Analytics", "Universal Analytics")}

CAVEATS: dict[str, Message] = {
    "estimates": Message(
        "Les sessions et les utilisateurs de l'interface et de l'API de GA4 sont des estimations : ils peuvent "
        "différer légèrement des comptes tirés des événements bruts, et de petits écarts sont normaux.",
        "Sessions and users from GA4's interface and API are estimates: they may differ slightly from counts "
        "from raw events, and small gaps are normal.",
    ),
    "thresholding": Message(
        "Certains rapports ont été soumis au seuil de confidentialité de Google : des lignes de petits effectifs "
        "y manquent.",
        "Some reports were subject to Google's privacy thresholding: rows with small numbers are missing.",
    ),
    "sampling": Message(
        "Certains rapports reposent sur un échantillon des données : leurs chiffres sont approximatifs.",
        "Some reports rest on a sample of the data: their figures are approximate.",
    ),
    "other_row": Message(
        "Certains rapports regroupent des valeurs peu fréquentes dans une ligne « (other) » : ces valeurs n'y "
        "sont pas détaillées.",
        "Some reports group rare values in an '(other)' row: those values are not detailed.",
    ),
    "intraday": Message(
        "Des journées reposent sur une exportation « intraday » provisoire, remplacée quand l'exportation "
        "quotidienne arrive.",
        "Some days rest on a provisional intraday export, replaced when the daily export arrives.",
    ),
    "totals_differ": Message(
        "Dans certains fichiers, la ligne de total diffère de la somme des lignes (Google masque ou regroupe des "
        "lignes) : les chiffres par catégorie ne couvrent pas tout à fait le total.",
        "In some files, the totals row differs from the sum of the rows (Google hides or groups rows): the "
        "figures by category do not quite cover the total.",
    ),
    "skipped_table": Message(
        "Certains tableaux des fichiers reçus n'ont pas pu être lus (tableaux de l'instantané sans équivalent) : "
        "ils ne sont pas utilisés.",
        "Some tables of the files received could not be read (snapshot cards without an equivalent): they are "
        "not used.",
    ),
    "consent_mode": Message(
        "Des événements sans identifiant (consentement refusé) sont comptés comme événements mais pas dans les "
        "sessions.",
        "Events without identifiers (consent denied) are counted as events but not in sessions.",
    ),
}

TITLE_TRAFFIC = Message("Sessions par mois", "Sessions by month")
TITLE_TRAFFIC_ATTENDANCE = Message("Sessions Web et fréquentation, par mois", "Web sessions and attendance, by month")
TITLE_ATTENDANCE = Message("Fréquentation par mois", "Attendance by month")
TITLE_CHANNELS = Message("Part des sessions par canal d'acquisition", "Share of sessions by acquisition channel")
TITLE_PAGES = Message("Pages d'entrée les plus fréquentes", "Most frequent landing pages")
TITLE_ENGAGEMENT_MONTH = Message("Taux d'engagement par mois", "Engagement rate by month")
TITLE_ENGAGEMENT_CHANNEL = Message("Taux d'engagement par canal", "Engagement rate by channel")
TITLE_KEY_EVENTS = Message("Événements clés par mois", "Key events by month")
TITLE_KEY_CHANNEL = Message("Événements clés par canal", "Key events by channel")
TITLE_CONTINUITY = Message("Sessions avant et après GA4", "Sessions before and after GA4")
TITLE_CONTINUITY_VIEWS = Message("Pages vues avant et après GA4", "Page views before and after GA4")
TITLE_PEERS = {
    "engagement_rate": Message(
        "Taux d'engagement : votre musée et les autres", "Engagement rate: your museum and others"
    ),
    "organic_share": Message(
        "Part de la recherche naturelle : votre musée et les autres", "Organic search share: your museum and others"
    ),
    "sessions_per_1000": Message(
        "Sessions pour 1 000 visiteurs : votre musée et les autres",
        "Sessions per 1,000 visitors: your museum and others",
    ),
}
INDICATORS = {
    "engagement_rate": Message("taux d'engagement", "engagement rate"),
    "organic_share": Message(
        "part des sessions venues de la recherche naturelle", "share of sessions from organic search"
    ),
    "sessions_per_1000": Message("sessions pour 1 000 visiteurs", "sessions per 1,000 visitors"),
}

SESSIONS = Message("Sessions", "Sessions")
VIEWS = Message("Pages vues", "Page views")
ENTRIES = Message("Entrées", "Entries")
MONTH = Message("Mois", "Month")
CHANNEL = Message("Canal", "Channel")
SHARE_OF_SESSIONS = Message("Part des sessions", "Share of sessions")
ENGAGEMENT_RATE = Message("Taux d'engagement", "Engagement rate")
KEY_EVENTS = Message("Événements clés", "Key events")
YEAR_SERIES = Message("{year}", "{year}")
ATTENDANCE_SERIES = Message("Fréquentation {year}", "Attendance {year}")
SESSIONS_SERIES = Message("Sessions {year}", "Sessions {year}")
UA_SERIES = Message("Universal Analytics", "Universal Analytics")
GA4_SERIES = Message("GA4", "GA4")
GA4_IN_UA = Message("GA4 en équivalent UA (indication)", "GA4 in UA terms (indication)")
OTHER_PAGES = Message("Autres pages ({n})", "Other pages ({n})")
PAGE_ROW = Message("{page} · {rate} d'engagement", "{page} · {rate} engaged")

NOTE_SESSIONS = Message(
    "Sessions Web : des visites de navigateurs, pas des personnes.",
    "Web sessions: visits by browsers, not people.",
)
NOTE_BREAK = Message(
    "Trait vertical : passage de Universal Analytics à GA4, deux outils qui comptent différemment.",
    "Vertical line: switch from Universal Analytics to GA4, two tools that count differently.",
)
NOTE_DOTTED = Message(
    "Pointillé : GA4 ramené à l'échelle d'UA par le rapport estimé sur les mois mesurés par les deux (indication).",
    "Dotted: GA4 brought to UA's scale by the ratio estimated on the months both measured (indication).",
)
