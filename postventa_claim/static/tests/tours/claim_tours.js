/** @odoo-module **/
// The claims office's day in Spanish (es_419), as the demo's claims clerk and
// claims manager of ATSAC (Kodak Perú): the lines the work made waiting for a
// review, the missing photo added, a line claimed anyway, the ready lines grouped
// into a claim, the claim submitted, its file downloaded and Kodak's answer
// imported. Run by postventa_claim/tests/test_claim_tours.py, which asserts what
// was recorded; these steps assert what the person reads.
import {registry} from "@web/core/registry";

// a 1x1 PNG: the photo of the service number
const PHOTO =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

function pickFile(selector, file) {
    const input = document.querySelector(selector);
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

function photo() {
    const bytes = Uint8Array.from(atob(PHOTO), (c) => c.charCodeAt(0));
    return new File([bytes], "numero_de_servicio.png", {type: "image/png"});
}

// Kodak's answer, by service number, in its own headers
const ANSWER =
    "Service number;Status;Paid amount;Reject code\n" +
    "T510299;approved;;\n" +
    "T510205;rejected;;R03\n";

registry.category("web_tour.tours").add("postventa_claim_clerk_reviews", {
    steps: () => [
        {
            content: "the lines the work made that wait for a person",
            trigger: ".o_searchview_facet:contains('Por revisar')",
        },
        {trigger: ".o_data_row:contains('T510205'):contains('Por revisar')"},
        {
            content: "the new repair's line: 152,50 soles claimed",
            trigger:
                ".o_data_row:contains('T510299'):contains('152,50') td[name='serial']",
            run: "click",
        },
        {
            content: "why it waits: the photo of the service number",
            trigger:
                ".o_form_view .alert-warning:contains('Falta la foto del número de servicio.')",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Por revisar')",
        },
        {
            content: "the clerk adds the photo",
            trigger: ".o_field_widget[name='serial_photo']",
            run() {
                pickFile(
                    ".o_field_widget[name='serial_photo'] input[type='file']",
                    photo()
                );
            },
        },
        {trigger: ".o_field_widget[name='serial_photo'] img[src*='data:image/png']"},
        {
            trigger: "button[name='action_check']:contains('Volver a verificar')",
            run: "click",
        },
        {
            content: "every check passes: ready to be claimed",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Lista')",
        },
        {trigger: "body:not(:has(.o_form_view .alert-warning:visible))"},
        {
            content: "the clerk cannot let a line go despite its checks",
            trigger: "body:not(:has(button[name='action_open_override']))",
        },
        {trigger: ".o_breadcrumb a:contains('Líneas de reclamo')", run: "click"},
        {trigger: ".o_data_row:contains('T510205'):contains('Por revisar')"},
        {trigger: "body:not(:has(.o_data_row:contains('T510299')))"},
    ],
});

registry.category("web_tour.tours").add("postventa_claim_manager_claims_anyway", {
    steps: () => [
        {
            content: "Ana's unit has no proof of purchase",
            trigger:
                ".o_form_view .alert-warning:contains('Falta el comprobante de compra de la unidad.')",
        },
        {trigger: ".o_form_view .o_field_widget[name='serial']:contains('T510205')"},
        {
            trigger:
                "button[name='action_open_override']:contains('Reclamar de todos modos')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit La boleta está en el caso; Kodak la aceptó por teléfono.",
        },
        {
            trigger: ".modal button[name='action_confirm']:contains('Confirmar')",
            run: "click",
        },
        {trigger: "body:not(:has(.modal))"},
        {
            content: "claimed anyway, with the manager's note",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Lista')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='override_note']:contains('Kodak la aceptó por teléfono')",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_claim_clerk_groups", {
    steps: () => [
        {
            trigger: ".o_searchview_facet:contains('Por revisar') .o_facet_remove",
            run: "click",
        },
        {trigger: ".o_searchview_dropdown_toggler", run: "click"},
        {trigger: ".o-dropdown-item:contains('Lista, sin reclamo')", run: "click"},
        {trigger: ".o_searchview_facet:contains('Lista, sin reclamo')"},
        {trigger: ".o_data_row:contains('T510205'):contains('Lista')"},
        {trigger: ".o_data_row:contains('T510299'):contains('Lista')"},
        {
            content: "both ready lines, 187,00 soles",
            trigger: ".o_list_footer:contains('187,00')",
        },
        {trigger: "thead .o_list_record_selector input", run: "click"},
        {trigger: ".o_cp_action_menus button:contains('Acciones')", run: "click"},
        {trigger: ".o-dropdown-item:contains('Crear reclamos')", run: "click"},
        {
            content: "one claim for Kodak this month, a draft of two lines",
            trigger: ".o_data_row:contains('Borrador'):contains('187,00')",
        },
        {
            trigger:
                ".o_data_row:contains('Borrador') td[name='line_count']:contains('2')",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_claim_manager_submits", {
    steps: () => [
        {
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Borrador')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='amount_claimed']:contains('187,00')",
        },
        {trigger: "button[name='action_submit']:contains('Enviar')", run: "click"},
        {
            content: "submitted: the file in Kodak's format is kept on the claim",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Enviado')",
        },
        {trigger: ".o_field_widget[name='export_file']:contains('.csv')"},
        {
            content: "the manager downloads it",
            trigger: ".o_field_widget[name='export_file'] a",
            run: "click",
        },
        {trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Reclamada')"},
        {
            trigger: "button[name='action_open_import']:contains('Importar respuesta')",
            run: "click",
        },
        {
            content: "Kodak's answer: one line paid, Ana's rejected (R03)",
            trigger: ".modal .o_field_widget[name='file']",
            run() {
                pickFile(
                    ".modal .o_field_widget[name='file'] input[type='file']",
                    new File([ANSWER], "respuesta_kodak.csv", {type: "text/csv"})
                );
            },
        },
        {trigger: ".modal .o_field_widget[name='file'] .o_clear_file_button"},
        {
            trigger: ".modal button[name='action_import']:contains('Importar')",
            run: "click",
        },
        {trigger: "body:not(:has(.modal))"},
        {
            content: "answered: what Kodak approved and rejected",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Respondido')",
        },
        {
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row:contains('T510299'):contains('Aprobada'):contains('152,50')",
        },
        {
            trigger:
                ".o_field_widget[name='line_ids'] .o_data_row:contains('T510205'):contains('Rechazada')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='amount_approved']:contains('152,50')",
        },
    ],
});
