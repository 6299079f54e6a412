/** @odoo-module **/
// More of a working day as each role of the demo, in Spanish (es_419): logistics
// (exchange units, courier orders, a part shipment), the drop-off centre, a
// customer on the portal and the service manager's reports. Run by
// postventa_tests/tests/test_role_tours_more.py as the demo's own logins; the steps assert what
// the person reads.
import {registry} from "@web/core/registry";

/** A date ``days`` from today as the Spanish web client writes it (dd/mm/yyyy). */
function inDays(days) {
    const date = new Date(Date.now() + days * 86400000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

// ---------------------------------------------------------------------------
// Logistics
// ---------------------------------------------------------------------------
registry.category("web_tour.tours").add("postventa_role_logistics_courier_orders", {
    steps: () => [
        {
            content: "Inventario > Operaciones > Órdenes de courier",
            trigger:
                ".o_menu_sections button[data-menu-xmlid='stock.menu_stock_warehouse_mgmt']:contains('Operaciones')",
            run: "click",
        },
        {
            trigger:
                ".o-dropdown-item[data-menu-xmlid='postventa_courier.menu_postventa_courier_orders_stock']:contains('Órdenes de courier')",
            run: "click",
        },
        {trigger: ".o_breadcrumb:contains('Órdenes de courier')"},
        {
            content: "the open orders: Ana's pickup is scheduled",
            trigger:
                ".o_data_row:has(td:contains('Ana Benítez')) td:contains('Programada')",
        },
        {
            trigger:
                ".o_data_row:has(td:contains('Ana Benítez')) td[name='partner_id']",
            run: "click",
        },
        {
            content: "the order's state, address, tracking number and date",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Programada')",
        },
        {
            trigger:
                ".o_form_view div[name='partner_address']:contains('Av. Mariscal López 1234')",
        },
        {
            trigger:
                ".o_form_view div[name='tracking_number']:contains('AERO-DEMO-0001'), .o_form_view div[name='tracking_number'] input:value('AERO-DEMO-0001')",
        },
        {
            trigger: `.o_form_view div[name='scheduled_date']:contains('${inDays(1)}'), .o_form_view div[name='scheduled_date'] input:value('${inDays(1)}')`,
        },
        {
            content: "the order of the failed pickup offers to coordinate it again",
            trigger: ".o_breadcrumb a:contains('Órdenes de courier')",
            run: "click",
        },
        {
            trigger: ".o_data_row:has(td:contains('Fallido')) td[name='partner_id']",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Fallido')",
        },
        {trigger: ".o_form_view .o_statusbar_buttons button:contains('Recoordinar')"},
        {trigger: "body:not(:has(.o_error_dialog))"},
    ],
});

registry.category("web_tour.tours").add("postventa_role_logistics_exchange_unit", {
    steps: () => [
        {
            content: "a DOA's RMA: the replacement comes from the new units",
            trigger:
                ".o_form_view div[name='ticket_id']:contains('Impresora nueva no enciende'), .o_form_view div[name='ticket_id'] input:value('Impresora nueva no enciende')",
        },
        {
            trigger:
                "button[name='action_postventa_exchange']:contains('Entregar unidad de cambio')",
            run: "click",
        },
        {
            content: "the replacement is on its way: no second exchange offered",
            trigger: "body:not(:has(button[name='action_postventa_exchange']))",
        },
        {trigger: "body:not(:has(.o_error_dialog))"},
    ],
});

registry.category("web_tour.tours").add("postventa_role_logistics_ships_a_part", {
    steps: () => [
        {
            content: "the part shipment to the customer, ready to leave",
            trigger:
                ".o_form_view div[name='partner_id']:contains('Sofía Ramírez'), .o_form_view div[name='partner_id'] input:value('Sofía Ramírez')",
        },
        {
            content: "the case it serves, as its source",
            trigger:
                ".o_form_view div[name='origin']:contains('HT000'), .o_form_view div[name='origin'] input:value('HT000')",
        },
        {trigger: ".o_form_view .o_field_one2many:contains('Cable de alimentación')"},
        {
            trigger: ".o_form_view button[name='button_validate']:contains('Validar')",
            run: "click",
        },
        {
            content: "shipped: the delivery is done",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Hecho')",
        },
        {trigger: "body:not(:has(.o_error_dialog))"},
    ],
});

// ---------------------------------------------------------------------------
// The drop-off centre
// ---------------------------------------------------------------------------
registry.category("web_tour.tours").add("postventa_role_doc_receives_a_unit", {
    steps: () => [
        {
            content: "the unit announced to the centre, with its code",
            trigger:
                "table.o_doc_orders tr:has(td:contains('Lucía')):has(code:contains('CDE4242'))",
        },
        {
            content: "who brings it, since when, in what state",
            trigger: `table.o_doc_orders tr:has(td:contains('Lucía Acosta')):has(td:contains('${inDays(0)}')) td:contains('Programada')`,
        },
        {
            content: "a wrong code is refused, in Spanish",
            trigger: "input[name='code']",
            run: "edit NOEXISTE",
        },
        {trigger: "button.o_doc_receipt", run: "click", expectUnloadPage: true},
        {trigger: ".o_doc_error:contains('anunciad')"},
        {
            content: "the customer brings the package: the clerk types its code",
            trigger: "input[name='code']",
            run: "edit cde4242",
        },
        {
            trigger: "button.o_doc_receipt:contains('Recibimos la unidad')",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_doc_done:contains('En el centro de recepción')"},
        {
            trigger:
                "table.o_doc_orders tr:has(td:contains('Lucía')) td:contains('En el centro de recepción')",
        },
        {trigger: "input[name='code']", run: "edit CDE4242"},
        {trigger: "button.o_doc_handover", run: "click", expectUnloadPage: true},
        {trigger: ".o_doc_done:contains('Retirado.')"},
        {
            trigger:
                "table.o_doc_orders tr:has(td:contains('Lucía Acosta')) td:contains('Retirado')",
        },
    ],
});

// ---------------------------------------------------------------------------
// A customer on the portal
// ---------------------------------------------------------------------------
registry.category("web_tour.tours").add("postventa_role_customer_opens_and_follows", {
    steps: () => [
        {trigger: "select[name='product_id']", run: "selectByLabel HP DeskJet 2775"},
        {trigger: "input[name='serial']", run: "edit cn99887766"},
        {
            trigger: "input[name='purchase_date']",
            run: function () {
                // bought some 200 days ago: in warranty, not a DOA
                const date = new Date(Date.now() - 200 * 86400000);
                this.anchor.value = date.toISOString().slice(0, 10);
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            trigger: "input[name='proof']",
            run: function () {
                const files = new DataTransfer();
                files.items.add(
                    new File(["%PDF-1.4 factura"], "factura.pdf", {
                        type: "application/pdf",
                    })
                );
                this.anchor.files = files.files;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {trigger: "input[name='location']", run: "edit Oficina, planta baja"},
        {trigger: "input[name='subject']", run: "edit Las hojas salen manchadas"},
        {
            trigger: "textarea[name='description']",
            run: "edit Cada hoja sale con una franja gris.",
        },
        {trigger: "input[name='serial']:not(.is-invalid)"},
        {
            trigger: "form.o_postventa_case_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "her case: the unit and the warranty verdict, in Spanish",
            trigger: ".o_case_serial:contains('CN99887766')",
        },
        {trigger: ".o_case_warranty:contains('En garantía')"},
        {
            content: "the promise, in her time zone and format, without seconds",
            trigger: `.alert:contains('Nos pondremos en contacto con usted antes del ${inDays(0)}')`,
        },
        {trigger: "body:not(:contains('ticket')):not(:contains('Ticket'))"},
        {
            content: "following it: her cases, this one among them",
            trigger: ".breadcrumb a[href^='/my/tickets']:contains('Casos')",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: "tr:contains('Las hojas salen manchadas')"},
        {trigger: `tr:contains('Las hojas salen manchadas'):contains('${inDays(0)}')`},
    ],
});

registry.category("web_tour.tours").add("postventa_role_customer_answers_survey", {
    steps: () => [
        {
            content: "the survey's link from the closing mail, in Spanish",
            trigger: "body:contains('Evalúe la atención, el proceso y la solución')",
        },
        {trigger: "button:contains('Iniciar encuesta')", run: "click"},
        {
            trigger:
                ".js_question-wrapper:contains('¿Cómo califica la atención recibida?') label:contains('Muy satisfecho')",
            run: "click",
        },
        {
            trigger:
                ".js_question-wrapper:contains('¿Cómo califica el proceso') label:contains('Satisfecho')",
            run: "click",
        },
        {
            trigger:
                ".js_question-wrapper:contains('¿Cómo califica la solución') label:contains('Muy satisfecho')",
            run: "click",
        },
        {trigger: "button[value='finish']:contains('Enviar')", run: "click"},
        {
            content: "thanked, not graded: no score, no failed test, no retake",
            trigger:
                ".o_survey_finished .o_postventa_survey_thanks:contains('Gracias por su respuesta.')",
        },
        {
            trigger:
                ".o_survey_finished:not(:contains('%')):not(:contains('no pasó')):not(:contains('Volver a responder'))",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_role_customer_reopens", {
    steps: () => [
        {
            content: "a closed case: she can ask to reopen it",
            trigger: "form.o_case_reopen_form textarea[name='reason']",
            run: "edit Volvió a fallar desde ayer.",
        },
        {trigger: "button.o_case_reopen", run: "click", expectUnloadPage: true},
        {
            content: "the case is open again, and says so in Spanish",
            trigger:
                ".o_portal_wrap:contains('Etapa'):has(.badge:contains('Reabierta'))",
        },
        {trigger: "body:not(:has(form.o_case_reopen_form))"},
        {
            content: "where her case stands: resolved, then reopened",
            trigger:
                "body:contains('En qué punto está su caso'):contains('Resuelto'):contains('Reabierta')",
        },
    ],
});

// ---------------------------------------------------------------------------
// The service manager
// ---------------------------------------------------------------------------
/** The pivot's grand total (its first row's last cell) reads ``expected``. */
function pivotTotal(expected) {
    return {
        content: `the total number of cases reads ${expected}`,
        trigger: `.o_pivot tbody tr:first-child td:last-child:contains('${expected}')`,
        run: function () {
            const text = this.anchor.textContent.trim();
            if (text !== String(expected)) {
                throw new Error(`pivot total: expected ${expected}, read ${text}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("postventa_role_manager_reports_by_company", {
    steps: () => [
        {
            content: "HP Paraguay's failures by product",
            trigger: ".o_pivot th:contains('HP DeskJet 2775')",
        },
        {trigger: ".o_pivot:not(:has(th:contains('Kodak ESP 3')))"},
        pivotTotal(8),
        {trigger: ".o_switch_company_menu button", run: "click"},
        {
            content: "the switcher: Kodak Perú only",
            trigger: ".o_switch_company_item:contains('Kodak Perú') .log_into",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_switch_company_menu button:contains('Kodak Perú')"},
        {
            content: "the figures change with the company",
            trigger: ".o_pivot th:contains('Kodak ESP 3')",
        },
        {trigger: ".o_pivot:not(:has(th:contains('HP DeskJet 2775')))"},
        pivotTotal(14),
    ],
});
