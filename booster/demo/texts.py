"""Phrases the demo data generator draws from (booster.demo): places, people, services, comments.

Written for this project; Indonesian ('id') and English ('en') only, the two content languages.
"""

from __future__ import annotations

# country -> (session language, agencies, first names)
COUNTRIES = {
    "Indonesia": ("id", ["KemenPANRB", "Pemkab Banyuwangi", "Pemkot Surabaya", "DPMPTSP Provinsi Jawa Barat",
                         "Disdukcapil Kota Makassar", "Pemkab Sumba Timur"],
                  ["Ayu", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra", "Intan", "Joko",
                   "Kartika", "Lestari", "Made", "Nur", "Putu", "Rina", "Sari", "Taufik", "Wahyu", "Yanti",
                   "Agus", "Ratna", "Siti", "Bayu", "Dian", "Andi", "Wulan", "Rizky"]),
    "Portugal": ("en", ["AMA - Administrative Modernisation Agency", "LabX", "Lisbon City Council"],
                 ["Ana", "João", "Mariana", "Pedro", "Inês", "Rui", "Beatriz", "Tiago", "Sofia", "Miguel"]),
    "Lithuania": ("en", ["Ministry of the Interior", "Vilnius City Municipality", "Employment Service"],
                  ["Agnė", "Tomas", "Rūta", "Mantas", "Eglė", "Lukas", "Ieva", "Darius", "Greta", "Paulius"]),
    "Chile": ("en", ["Laboratorio de Gobierno", "ChileAtiende", "Municipalidad de Valparaíso"],
              ["Camila", "Matías", "Valentina", "Felipe", "Javiera", "Diego", "Constanza", "Benjamín"]),
    "Greece": ("en", ["Ministry of Digital Governance", "Citizen Service Centres (KEP)", "Municipality of Athens"],
               ["Eleni", "Giorgos", "Maria", "Nikos", "Katerina", "Dimitris", "Sofia", "Yannis"]),
    "Estonia": ("en", ["Government Office", "Unemployment Insurance Fund", "Tartu City Government"],
                ["Kadri", "Mart", "Liis", "Tanel", "Kristi", "Rasmus", "Triin", "Siim"]),
}

TITLES = {"id": "Uji coba Booster - {agency}", "en": "Booster pilot - {agency}"}
CUSTOM_GROUPS = {"id": ["Riset", "Data pengguna", "Persiapan"], "en": ["Research", "User data", "Preparation"]}

# Cards participants often put somewhere else, and where: card -> [(step, probability)].
CONFUSIONS = {
    "persona": [("engage", 0.35)], "stakeholder_map": [("understand", 0.3)],
    "reframing": [("scope", 0.2), ("understand", 0.1)], "user_characteristics": [("understand", 0.25)],
    "discovery_planning": [("engage", 0.2)], "how_might_we": [("design", 0.25), ("scope", 0.1)],
    "theme_clustering": [("understand", 0.35)], "challenge_statement": [("reframe", 0.2)],
    "priority_profiles": [("understand", 0.2)], "rough_prototype": [("design", 0.3)],
    "testing_plan": [("design", 0.15)], "pilot_feedback": [("communicate", 0.15)],
    "pain_points": [("reframe", 0.15)], "tomorrows_user_journey": [("test", 0.1)],
    "decision_brief": [("test", 0.1)], "left_out_voices": [("understand", 0.15)],
}

CARD_COMMENTS = {
    "id": ["Tidak jelas bedanya dengan Peta Pemangku Kepentingan.", "Kartu ini bisa masuk ke dua langkah.",
           "Istilahnya terlalu teknis untuk ASN di daerah.", "Perlu contoh dari layanan publik di kabupaten.",
           "Apakah ini dilakukan sebelum atau sesudah wawancara?", "Kami ragu, jadi kami taruh di sini."],
    "en": ["Not clear how this differs from the Stakeholder Map.", "This card could fit two steps.",
           "The term is too technical for frontline staff.", "Needs an example from a local service.",
           "Do we do this before or after the interviews?", "We were unsure, so we put it here."],
}
SUGGESTED_NAMES = {
    "id": {"persona": "Profil Pengguna", "reframing": "Merumuskan Ulang Masalah", "crazy_8": "Curah Ide Cepat",
           "how_might_we": "Pertanyaan 'Bagaimana jika kita'", "stakeholder_map": "Peta Pihak Terkait"},
    "en": {"persona": "User profile", "reframing": "Restate the problem", "crazy_8": "Rapid sketching",
           "how_might_we": "Opportunity question", "stakeholder_map": "Who is involved"},
}

# One coherent worksheet story per service: the Service Challenge fields, then User Characteristics.
SCENARIOS = {
    "id": [
        {"service_name": "Izin usaha mikro (NIB) melalui OSS", "user_group": "Pelaku usaha mikro di desa",
         "user_goal": "Mendapatkan NIB tanpa harus datang ke kantor dinas.",
         "context": "Sebagian besar hanya memakai ponsel; sinyal lemah di wilayah 3T; banyak yang belum punya email.",
         "service_provider": "DPMPTSP kabupaten dan pendamping UMKM",
         "challenge_statement": "Kami ingin memahami mengapa banyak pelaku usaha mikro berhenti di tengah pendaftaran NIB.",
         "profiles": [("Ibu penjual kue rumahan", "Usaha dari rumah, hanya memakai WhatsApp."),
                      ("Pemuda pemilik bengkel", "Paham ponsel, tetapi bingung dengan istilah KBLI.")],
         "left_out": "Pelaku usaha penyandang disabilitas dan yang tinggal jauh dari kecamatan."},
        {"service_name": "Pendaftaran BPJS Kesehatan bagi pekerja informal", "user_group": "Pedagang pasar dan pengemudi ojek",
         "user_goal": "Terdaftar sebagai peserta mandiri dan tahu cara membayar iuran.",
         "context": "Penghasilan harian tidak tetap; antrean panjang di kantor cabang; jam kerja bertabrakan dengan jam layanan.",
         "service_provider": "BPJS Kesehatan kantor cabang dan puskesmas",
         "challenge_statement": "Kami ingin memahami mengapa pekerja informal menunda pendaftaran BPJS sampai mereka sakit.",
         "profiles": [("Pedagang sayur lansia", "Tidak memakai aplikasi, bergantung pada anak."),
                      ("Pengemudi ojek daring", "Aktif di ponsel, tetapi iuran terasa berat.")],
         "left_out": "Pekerja musiman dan warga tanpa KTP setempat."},
        {"service_name": "Perekaman e-KTP", "user_group": "Penyandang disabilitas dan lansia",
         "user_goal": "Memiliki e-KTP agar bisa mengakses bantuan sosial.",
         "context": "Kantor Disdukcapil di lantai dua; jadwal jemput bola tidak diumumkan; butuh pendamping.",
         "service_provider": "Disdukcapil kabupaten/kota",
         "challenge_statement": "Kami ingin meningkatkan pengalaman penyandang disabilitas saat merekam data e-KTP.",
         "profiles": [("Pengguna kursi roda", "Tidak bisa naik tangga, perlu layanan di rumah."),
                      ("Lansia tinggal sendiri", "Tidak tahu jadwal layanan keliling.")],
         "left_out": "Kelompok rentan di panti sosial dan warga adat."},
    ],
    "en": [
        {"service_name": "Building permit applications for small homes", "user_group": "First-time home builders",
         "user_goal": "Get a permit approved before the building season starts.",
         "context": "Forms are online only; drawings must follow rules few people know; decisions take months.",
         "service_provider": "Municipal planning office",
         "challenge_statement": "We want to understand why so many building permit applications are returned as incomplete.",
         "profiles": [("Young family building alone", "No architect, learns the rules from forums."),
                      ("Retired self-builder", "Prefers paper forms and phone calls.")],
         "left_out": "People who gave up before applying, and non-native speakers."},
        {"service_name": "Unemployment benefit claims", "user_group": "Jobseekers over 50",
         "user_goal": "Receive the first payment without gaps after losing a job.",
         "context": "Claims start online; identity checks need a bank login; offices have short opening hours.",
         "service_provider": "Employment service and social insurance office",
         "challenge_statement": "We want to improve the experience of older jobseekers making their first claim.",
         "profiles": [("Factory worker made redundant", "Low digital literacy, no e-ID."),
                      ("Self-employed after contract ended", "Unsure whether they are eligible.")],
         "left_out": "Rural residents without public transport, and people with disabilities."},
        {"service_name": "Registering a small business", "user_group": "Sole traders opening a first shop",
         "user_goal": "Register and start trading within a week.",
         "context": "Several agencies ask for the same data; fees and steps differ by municipality.",
         "service_provider": "Business registry and tax office",
         "challenge_statement": "We want to understand why sole traders visit three offices to register one business.",
         "profiles": [("Market stall owner", "Works long hours, uses a phone for everything."),
                      ("Migrant entrepreneur", "Not a native speaker, unfamiliar with local rules.")],
         "left_out": "Informal traders who never register."},
    ],
}
CONTRAST_NOTES = {
    "id": ["Sangat berbeda antara desa dan kota.", "Banyak yang bergantung pada anak atau tetangga.",
           "Perlu dicek lagi dengan data lapangan.", ""],
    "en": ["Big difference between villages and towns.", "Many rely on relatives for help.",
           "To be checked with field data.", ""],
}
REFINEMENT = {"id": " (terutama di wilayah 3T)", "en": " (especially outside the big cities)"}
REWORDED_CHALLENGE = {"id": "Kami ingin meningkatkan pengalaman {users} saat mengurus {service}.",
                      "en": "We want to improve the experience of {users} with {service}."}
PRIORITY_REASON = {"id": "Paling banyak menghadapi hambatan, jadi kami mulai dari mereka.",
                   "en": "They face the most barriers, so we start our research with them."}

FEEDBACK_TEXTS = {
    "id": {"confusing": ["Bedanya Re-framing dan Design belum jelas.", "Istilah persona membingungkan.",
                         "Urutan langkah 2 dan 3 terasa tumpang tindih."],
           "missing": ["Contoh dari layanan di daerah.", "Panduan untuk tim kecil di kecamatan.",
                       "Template dalam bahasa Indonesia yang bisa dicetak."],
           "suggestions": ["Tambahkan contoh nyata dari KIPP.", "Sediakan video singkat per langkah.",
                           "Kurangi jumlah kolom di lembar kerja."]},
    "en": {"confusing": ["Re-frame versus Design was unclear.", "The word persona was new to most of us.",
                         "Steps 2 and 3 seem to overlap."],
           "missing": ["Examples from local services.", "Guidance for very small teams.",
                       "A printable version of the worksheets."],
           "suggestions": ["Add a worked example per step.", "Shorter instructions on each card.",
                           "Fewer fields on the worksheet."]},
}

# Mean ratings (ease, relevance, effectiveness) the demo participants give each activity.
SCORE_MEANS = {"card_sort": (3.4, 4.2, 3.7), "service_challenge": (3.9, 4.4, 4.0),
               "user_characteristics": (3.6, 4.1, 3.8)}
