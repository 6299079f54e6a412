/** @odoo-module **/
// A working day as each role of the demo, in Spanish (es_419): what the person
// does and reads. Run by postventa_tests/tests/test_role_tours.py as the demo's own logins.
import {registry} from "@web/core/registry";

/** A date ``days`` ago as the Spanish web client writes it (dd/mm/yyyy). */
function daysAgo(days) {
    const date = new Date(Date.now() - days * 86400000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

function many2one(field, text, label) {
    return [
        {trigger: `.modal div[name='${field}'] input`, run: `edit ${text}`},
        {
            trigger: `.o-autocomplete--dropdown-item:contains('${label || text}')`,
            run: "click",
        },
        {trigger: `.modal div[name='${field}'] input:value('${label || text}')`},
    ];
}

function unitAndCase({serial, purchased, subject, description}) {
    return [
        ...many2one("product_id", "DeskJet", "HP DeskJet 2775"),
        {trigger: ".modal div[name='serial'] input", run: `edit ${serial}`},
        {
            trigger: ".modal div[name='purchase_date'] input",
            run: `edit ${daysAgo(purchased)}`,
        },
        ...many2one("store_id", "Tienda Centro", "Tienda Centro Asunción"),
        {trigger: ".modal div[name='name'] input", run: `edit ${subject}`},
        {
            trigger: ".modal div[name='description'] .odoo-editor-editable",
            run: `editor ${description}`,
        },
    ];
}

const phoneIntake = [
    {
        content: "Front Line opens the phone intake, in Spanish",
        trigger: ".modal .modal-title:contains('Registro telefónico')",
    },
    {trigger: ".modal button[name='action_register']:contains('Registrar caso')"},
];

registry.category("web_tour.tours").add("postventa_role_fl_new_caller_doa", {
    steps: () => [
        ...phoneIntake,
        {
            content: "a new caller: her name, her phone",
            trigger: ".modal div[name='partner_name'] input",
            run: "edit Rosa Caballero",
        },
        {
            trigger: ".modal div[name='contact_phone'] input",
            run: "edit +595 981 444 555",
        },
        ...unitAndCase({
            serial: "CN11223344",
            purchased: 3,
            subject: "No enciende al sacarla de la caja",
            description: "La compró hace tres días; el LED no se enciende.",
        }),
        {
            content:
                "the caller's invoice, the proof of purchase HP requires for a DOA",
            trigger: ".modal div[name='proof_of_purchase']",
            run: function () {
                const input = this.anchor.querySelector("input[type='file']");
                const files = new DataTransfer();
                files.items.add(
                    new File(["%PDF-1.4 factura"], "factura.pdf", {
                        type: "application/pdf",
                    })
                );
                input.files = files.files;
                input.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {trigger: ".modal div[name='proof_of_purchase'] button.o_clear_file_button"},
        {
            trigger: ".modal button[name='action_register']",
            run: "click",
        },
        {
            content: "the case is registered: a DOA, bought three days ago",
            trigger: ".o_form_view .ribbon:contains('DOA')",
        },
        {trigger: ".o_form_view div[name='partner_id'] input:value('Rosa Caballero')"},
        {
            trigger:
                ".o_form_view button[name='action_issue_doa']:contains('Emitir autorización DOA')",
            run: "click",
        },
        {
            content: "issued: the case's resolution says so",
            trigger:
                ".o_form_view div[name='resolution_code_id'] input:value('Recambio DOA')",
            // the PDF is rendered first (wkhtmltopdf), slow on a busy machine
            timeout: 60000,
        },
        {trigger: "a.nav-link:contains('Unidad y garantía')", run: "click"},
        {
            content: "the DOA authorisation is listed on the case, issued today",
            trigger:
                ".o_form_view div[name='doa_authorization_ids'] td:contains('DOA/')",
        },
        {trigger: "body:not(:has(.o_error_dialog))"},
        {
            trigger: `.o_form_view div[name='doa_authorization_ids'] td:contains('${daysAgo(0)}')`,
        },
    ],
});

registry.category("web_tour.tours").add("postventa_role_fl_known_caller_escalates", {
    steps: () => [
        ...phoneIntake,
        {
            content: "a known caller: Ana, found by her name",
            trigger: ".modal div[name='partner_id'] input",
            run: "edit Ana Ben",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Ana Benítez')",
            run: "click",
        },
        {
            content: "her data comes with her",
            trigger: ".modal div[name='street'] input:value('Av. Mariscal López 1234')",
        },
        ...unitAndCase({
            serial: "CN55667788",
            purchased: 200,
            subject: "Atasco de papel en cada impresión",
            description: "Las pruebas básicas no lo resuelven.",
        }),
        {trigger: ".modal button[name='action_register']", run: "click"},
        {trigger: ".o_form_view div[name='partner_id'] input:value('Ana Benítez')"},
        {
            content: "not a DOA: Front Line escalates to Back Line",
            trigger:
                ".o_form_view button[name='action_open_escalate_wizard']:contains('Escalar a Back Line')",
            run: "click",
        },
        {
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Atasco persistente tras limpiar los rodillos.",
        },
        {trigger: ".modal .modal-footer button.btn-primary", run: "click"},
        {
            content: "the case is Back Line's now",
            trigger:
                ".o_form_view div[name='team_id'] input:value('HP Paraguay - Back Line')",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_role_store_exchanges_doa", {
    steps: () => [
        {
            content: "the store types the number as the customer reads it",
            trigger: "input[name='number']",
            run: "edit doa tienda 00042",
        },
        {
            trigger: "button.o_doa_verify:contains('Verificar')",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_doa_valid:contains('válida, cambie la unidad indicada abajo')"},
        {trigger: ".o_doa_details:contains('Ana Benítez')"},
        {trigger: ".o_doa_details:contains('CN47Q1K0ZB')"},
        {
            content: "the unit handed out comes from the store's own stock",
            trigger: "select[name='serial']:has(option:contains('CN50TC0002'))",
            run: "selectByLabel CN50TC0001",
        },
        {
            trigger: "button.o_doa_exchange:contains('Continuar')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "nothing is recorded before the clerk confirms",
            trigger:
                ".o_doa_exchange_confirm:contains('el cambio no se puede deshacer')",
        },
        {
            trigger:
                ".o_doa_exchange_confirm .o_doa_defective_serial:contains('CN47Q1K0ZB')",
        },
        {
            trigger:
                ".o_doa_exchange_confirm .o_doa_handed_serial:contains('CN50TC0001')",
        },
        {
            trigger:
                "button.o_doa_exchange_confirm_button:contains('Confirmar el cambio')",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_doa_exchange_done .alert-success:contains('Cambio registrado.')"},
        {
            trigger:
                ".o_doa_exchange_done:contains('Guarde la unidad defectuosa en la tienda')",
        },
        {trigger: ".o_doa_exchange_done .o_doa_handed_serial:contains('CN50TC0001')"},
        {trigger: "a.o_doa_exchange_new", run: "click", expectUnloadPage: true},
        {
            content: "the number again: used, no second exchange",
            trigger: "input[name='number']",
            run: "edit DOA/TIENDA/00042",
        },
        {trigger: "button.o_doa_verify", run: "click", expectUnloadPage: true},
        {trigger: ".o_doa_used:contains('ya usada')"},
        {trigger: "body:not(:has(.o_doa_exchange_form))"},
    ],
});

registry.category("web_tour.tours").add("postventa_role_store_verifies_doa_by_qr", {
    steps: () => [
        {
            content: "the QR code of the PDF opens the verdict",
            trigger: ".o_doa_valid:contains('válida, cambie la unidad indicada abajo')",
        },
        {trigger: "select[name='serial']", run: "selectByLabel T900778"},
        {trigger: "button.o_doa_exchange", run: "click", expectUnloadPage: true},
        {
            trigger: "button.o_doa_exchange_confirm_button",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_doa_exchange_done .o_doa_handed_serial:contains('T900778')"},
    ],
});

registry
    .category("web_tour.tours")
    .add("postventa_role_customer_after_store_exchange", {
        steps: () => [
            {
                content: "the customer reads that the store exchanged her unit",
                trigger: ".o_case_next_step_doa_exchanged:contains('cambió su unidad')",
            },
            {trigger: "body:not(:contains('Tenga la unidad embalada'))"},
        ],
    });
