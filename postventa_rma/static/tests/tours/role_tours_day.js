/** @odoo-module **/
// More of a working day in Spanish (es_419), as the demo's own logins: Back Line
// fixing a case remotely and ordering the lab for one it cannot fix; the lab's
// intake, packing check and service report. Run by tests/test_role_tours_day.py.
import {registry} from "@web/core/registry";

const noError = {trigger: "body:not(:has(.o_error_dialog))"};

registry.category("web_tour.tours").add("postventa_role_day_bl_remote_fix", {
    steps: () => [
        {
            content: "the escalated case is Back Line's, with Front Line's reason",
            trigger:
                ".o_form_view div[name='team_id'] input:value('HP Paraguay - Back Line')",
        },
        {
            trigger:
                ".o-mail-Message-body:contains('Back Line hace las pruebas remotas del carro')",
        },
        {
            content: "the remote session solved it: Back Line says how",
            trigger: ".o_form_view div[name='resolution_code_id'] input",
            run: "edit Soporte",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Soporte remoto')",
            run: "click",
        },
        {
            trigger:
                ".o_form_view div[name='resolution_code_id'] input:value('Soporte remoto')",
        },
        {
            content: "and closes the case",
            trigger: ".o_statusbar_status > button.dropdown-toggle:not(.d-none)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Hecho')",
            run: "click",
        },
        {
            content: "closed: it can only be reopened now",
            trigger: ".o_form_view button[name='action_reopen']:contains('Reabrir')",
        },
        noError,
        {trigger: ".o_form_view .o_form_button_save", run: "click"},
        {trigger: "body:not(:has(.o_form_status_indicator_buttons:not(.invisible)))"},
    ],
});

registry.category("web_tour.tours").add("postventa_role_day_bl_orders_the_lab", {
    steps: () => [
        {
            content: "remote tests did not fix it: Back Line orders the lab (an RMA)",
            trigger:
                ".o_form_view button[name='action_create_rma']:contains('Crear RMA')",
            run: "click",
        },
        {
            content: "the RMA carries the case's unit and says how to send it",
            trigger: ".o_form_view div[name='lot_id'] input:value('CN20BL0001')",
        },
        {trigger: ".o_form_view div[name='partner_id'] input:value('Ana Benítez')"},
        {
            trigger:
                ".o_form_view div[name='postventa_shipping_instructions']:contains('Embale bien la unidad')",
        },
        {
            content: "a repair in the lab",
            trigger: ".o_form_view div[name='operation_id'] input",
            run: "edit Repar",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Reparar')",
            run: "click",
        },
        {
            content: "Back Line confirms the order for the lab",
            trigger: ".o_form_view button[name='action_confirm']:contains('Confirmar')",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status:has(button.o_arrow_button_current:contains('Confirmado'))",
        },
        noError,
    ],
});

registry.category("web_tour.tours").add("postventa_role_day_lab_intake", {
    steps: () => [
        {
            content: "the unit arrived: the lab registers its intake",
            trigger:
                "button[name='action_postventa_lab_intake']:contains('Registrar ingreso a laboratorio')",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name='rma_id'] input:value('HPPY/RMA/')",
        },
        {
            trigger: ".o_form_view div[name='condition'] textarea",
            run: "edit Tapa superior rayada; sin cartuchos de color.",
        },
        {
            content: "every accessory with its own intake number",
            trigger: ".o_form_view div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_form_view div[name='line_ids'] .o_selected_row div[name='name'] input",
            run: "edit Cable de alimentación",
        },
        {
            trigger: ".o_form_view div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_form_view div[name='line_ids'] tr.o_data_row:nth-child(2).o_selected_row div[name='name'] input",
            run: "edit Cartucho negro",
        },
        {trigger: ".o_form_view .o_form_button_save", run: "click"},
        {
            content: "saved: each accessory has its number",
            trigger: "body:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
        {
            trigger:
                ".o_form_view div[name='line_ids'] tr:contains('Cable de alimentación') td[name='intake_number']:contains('ACC-')",
        },
        {
            trigger:
                ".o_form_view button[name='action_print_receipt']:contains('Imprimir comprobante de ingreso')",
        },
        noError,
    ],
});

registry.category("web_tour.tours").add("postventa_role_day_lab_packing_held", {
    steps: () => [
        {
            content: "the repaired unit's delivery: validated before packing",
            trigger: ".o_form_view button[name='button_validate']",
            run: "click",
        },
        {
            content: "held: the accessories received are not confirmed as packed",
            trigger:
                ".modal:contains('Confirme que estos elementos están embalados'):contains('Cable de alimentación')",
        },
        {trigger: ".modal .modal-footer .btn-primary", run: "click"},
        {trigger: "body:not(:has(.modal))"},
    ],
});

registry.category("web_tour.tours").add("postventa_role_day_lab_packs", {
    steps: () => [
        {
            content: "the lab packs back what it received",
            trigger:
                ".o_form_view div[name='line_ids'] tr:contains('Cable de alimentación') td[name='packed']",
            run: "click",
        },
        {
            trigger:
                ".o_form_view div[name='line_ids'] .o_selected_row div[name='packed'] input",
            run: "check",
        },
        {
            content: "the empty cartridge stays, and the lab says why",
            trigger:
                ".o_form_view div[name='line_ids'] tr:contains('Cartucho negro') td[name='packing_exception']",
            run: "click",
        },
        {
            trigger:
                ".o_form_view div[name='line_ids'] .o_selected_row div[name='packing_exception'] textarea",
            run: "edit Vacío; descartado con el consentimiento de la clienta.",
        },
        {trigger: ".o_form_view .o_form_button_save", run: "click"},
        {trigger: "body:not(:has(.o_form_status_indicator_buttons:not(.invisible)))"},
        noError,
    ],
});

registry.category("web_tour.tours").add("postventa_role_day_lab_dispatches", {
    steps: () => [
        {
            trigger: ".o_form_view button[name='button_validate']",
            run: "click",
        },
        {
            content: "the unit left, packed with what it came with",
            trigger:
                ".o_statusbar_status:has(button.o_arrow_button_current:contains('Hecho'))",
        },
        noError,
    ],
});

registry
    .category("web_tour.tours")
    .add("postventa_role_day_customer_reads_service_report", {
        steps: () => [
            {
                content: "the customer's case: the unit is on its way back",
                trigger: "h5:contains('En qué punto está su caso')",
            },
            {
                content: "the service report among her documents, in Spanish",
                trigger: "a:contains('Informe de servicio HPPY/RMA/')",
            },
            {trigger: "a:contains('Comprobante de ingreso LAB/')"},
        ],
    });
