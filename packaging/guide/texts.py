"""The front-desk guide's words, in English and Spanish (front_desk_guide.py lays them out).
Button names are the kiosk's own (content/strings); the codes are kiosk/core/base/error_codes.cpp's,
and the guide's test fails when a code is missing here."""

TEXT = {
    "en": {
        "title": "Alliance Kiosk: front desk guide",
        "intro": "The kiosk asks patients a few questions after their visit. This page is for the front desk: "
                 "how to open the staff menu, what each button does, and when to call IT.",
        "open_title": "1. Open the staff menu",
        "open_steps": [
            "Press and hold the <b>top-right corner</b> of the screen (it looks empty).",
            "After 1 second a box says <b>{keep_holding}</b>. Keep holding for 3 seconds in all.",
            "Type the staff PIN and tap <b>{enter}</b>. Five wrong PINs lock the pad for a while.",
            "The menu closes by itself after a minute without a touch.",
        ],
        "shot_hold": "Holding the corner",
        "shot_pin": "The PIN pad",
        "menu_title": "2. What each button does",
        "buttons": [
            ("staff.menu.reset_session", "Ends the current patient's visit and shows the welcome screen. "
                                           "Use it when a patient walks away."),
            ("staff.menu.status", "Shows if the kiosk is working. The first line says <b>{all_good}</b> or "
                       "<b>{tell_it}</b> and why."),
            ("staff.menu.sync_now", "Sends waiting answers now (they also go by themselves). Says so if sending is off."),
            ("staff.menu.therapists", "Tap a name to put them on or off duty for today. Patients only see "
                                   "therapists on duty. Back to normal at midnight."),
            ("staff.menu.default_language", "The language new patients start in."),
            ("staff.menu.exit", "Closes the app. It starts again by itself in a few seconds: use it if the "
                         "screen is stuck."),
            ("staff.menu.close", "Back to the patient screen."),
        ],
        "shot_menu": "The staff menu",
        "status_title": "3. Is it working?",
        "status_text": "Tap <b>{status}</b>. <b>{all_good}</b>: nothing to do. <b>{tell_it}: ...</b>: "
                       "tell IT that line, word for word.",
        "shot_status": "The status screen",
        "codes_title": "5. Error codes",
        "codes_text": "If the kiosk shows <b>{out_of_service}</b>, it shows an error "
                      "code. Answers already given are safe. Put a sign on the kiosk and tell IT the code.",
        "shot_error": "Out of service, with its code",
        "code": "Code",
        "meaning": "What it means",
        "codes": {
            "E-CONTENT": "The questions or screen texts could not be loaded.",
            "E-STORE-FULL": "The kiosk's disk is full.",
            "E-STORE-IO": "The kiosk's disk had an error.",
            "E-STORE-BUSY": "Another program is using the kiosk's answers.",
            "E-STORE-READONLY": "The kiosk cannot save answers (file permissions).",
            "E-STORE-CORRUPT": "The file of saved answers is damaged.",
            "E-STORE-NEWER": "An older version of the kiosk was installed.",
            "E-STORE-OPEN": "The kiosk cannot find where it saves answers.",
            "E-STORE-MISUSE": "A program error in the kiosk.",
            "E-STORE": "An unexpected problem with saved answers.",
            "E-INTERNAL": "An unexpected error in the kiosk program.",
        },
        "call_title": "4. When to call IT",
        "call": [
            "The kiosk shows an error code (section 5).",
            "<b>{status}</b> says <b>{tell_it}</b>.",
            "The PIN pad says no staff PIN is set, or nobody knows the PIN.",
            "The screen stays black or keeps restarting, even after <b>{exit}</b>.",
        ],
        "footer": "Alliance Kiosk {version}. IT's guide: /usr/share/doc/alliance-kiosk/README.md",
    },
    "es": {
        "title": "Alliance Kiosk: guía para recepción",
        "intro": "El quiosco hace unas preguntas a los pacientes después de su cita. Esta página es para "
                 "recepción: cómo abrir el menú del personal, qué hace cada botón y cuándo llamar a soporte técnico.",
        "open_title": "1. Abrir el menú del personal",
        "open_steps": [
            "Mantenga el dedo en la <b>esquina superior derecha</b> de la pantalla (se ve vacía).",
            "Al segundo aparece <b>{keep_holding}</b>. Mantenga el dedo 3 segundos en total.",
            "Escriba el PIN del personal y toque <b>{enter}</b>. Cinco PIN incorrectos bloquean el teclado un rato.",
            "El menú se cierra solo tras un minuto sin tocarlo.",
        ],
        "shot_hold": "Mantener la esquina",
        "shot_pin": "El teclado del PIN",
        "menu_title": "2. Qué hace cada botón",
        "buttons": [
            ("staff.menu.reset_session", "Termina la visita del paciente actual y muestra la "
                                                     "bienvenida. Úselo si un paciente se va sin terminar."),
            ("staff.menu.status", "Muestra si el quiosco funciona. La primera línea dice <b>{all_good}</b> o "
                       "<b>{tell_it}</b> y por qué."),
            ("staff.menu.sync_now", "Envía ya las respuestas pendientes (también se envían solas). "
                                  "Avisa si el envío está desactivado."),
            ("staff.menu.therapists", "Toque un nombre para ponerlo de turno o fuera de turno hoy. Los "
                                    "pacientes solo ven a quienes están de turno. Vuelve a lo normal a medianoche."),
            ("staff.menu.default_language", "El idioma en que empiezan los pacientes nuevos."),
            ("staff.menu.exit", "Cierra la aplicación. Vuelve a iniciarse sola en unos segundos: "
                                       "úselo si la pantalla no responde."),
            ("staff.menu.close", "Vuelve a la pantalla del paciente."),
        ],
        "shot_menu": "El menú del personal",
        "status_title": "3. ¿Funciona?",
        "status_text": "Toque <b>{status}</b>. <b>{all_good}</b>: no hay nada que hacer. "
                       "<b>{tell_it}: ...</b>: lea esa línea a soporte técnico tal cual.",
        "shot_status": "La pantalla de estado",
        "codes_title": "5. Códigos de error",
        "codes_text": "Si el quiosco muestra <b>{out_of_service}</b>, "
                      "muestra un código de error. Las respuestas ya dadas están a salvo. Ponga un aviso en el "
                      "quiosco y dé el código a soporte técnico.",
        "shot_error": "Fuera de servicio, con su código",
        "code": "Código",
        "meaning": "Qué significa",
        "codes": {
            "E-CONTENT": "No se pudieron cargar las preguntas o los textos de la pantalla.",
            "E-STORE-FULL": "El disco del quiosco está lleno.",
            "E-STORE-IO": "El disco del quiosco tuvo un error.",
            "E-STORE-BUSY": "Otro programa está usando las respuestas del quiosco.",
            "E-STORE-READONLY": "El quiosco no puede guardar respuestas (permisos de archivos).",
            "E-STORE-CORRUPT": "El archivo de respuestas guardadas está dañado.",
            "E-STORE-NEWER": "Se instaló una versión anterior del quiosco.",
            "E-STORE-OPEN": "El quiosco no encuentra dónde guarda las respuestas.",
            "E-STORE-MISUSE": "Un error del programa del quiosco.",
            "E-STORE": "Un problema inesperado con las respuestas guardadas.",
            "E-INTERNAL": "Un error inesperado del programa del quiosco.",
        },
        "call_title": "4. Cuándo llamar a soporte técnico",
        "call": [
            "El quiosco muestra un código de error (sección 5).",
            "<b>{status}</b> dice <b>{tell_it}</b>.",
            "El teclado del PIN dice que no hay PIN del personal, o nadie sabe el PIN.",
            "La pantalla sigue negra o se reinicia una y otra vez, incluso tras <b>{exit}</b>.",
        ],
        "footer": "Alliance Kiosk {version}. Guía de soporte técnico: /usr/share/doc/alliance-kiosk/README.md",
    },
}
