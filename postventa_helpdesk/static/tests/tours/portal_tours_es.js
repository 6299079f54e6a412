/** @odoo-module **/
// The main portal journeys as a Spanish-speaking customer and store clerk read
// them (es_419): the texts asserted are the Spanish ones.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("postventa_es_customer_opens_case", {
    url: "/new/ticket",
    steps: () => [
        {
            trigger: "select[name='product_id']",
            run: "selectByLabel Impresora de prueba",
        },
        {trigger: "input[name='serial']", run: "edit X99"},
        {trigger: "input[name='location']", run: "click"},
        {
            content: "the serial is refused while typing, in Spanish",
            trigger: ".o_serial_feedback:contains('Formato esperado')",
        },
        {trigger: "input[name='serial']", run: "edit t123456"},
        {trigger: "input[name='location']", run: "edit Oficina en casa"},
        {trigger: "input[name='serial']:not(.is-invalid)"},
        {
            trigger: "input[name='purchase_date']",
            run: function () {
                this.anchor.value = this.anchor.max;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {trigger: "select[name='store_id']", run: "selectByLabel Tienda de prueba"},
        {trigger: "input[name='subject']", run: "edit No enciende"},
        {trigger: "textarea[name='description']", run: "edit El LED queda apagado."},
        {trigger: "input[name='phone']", run: "edit +595 981 000 222"},
        {
            trigger: "form.o_postventa_case_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {content: "the case page", trigger: ".o_case_serial:contains('T123456')"},
        {
            content: "the warranty verdict in Spanish",
            trigger: ".o_case_warranty:contains('Falla de origen')",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_es_store_verifies_doa_by_qr", {
    steps: () => [
        {
            content: "the QR link opens the verdict, in Spanish",
            trigger: ".o_doa_valid:contains('válida, cambie la unidad indicada abajo')",
        },
        {
            content:
                "the unit handed out: chosen from the store's stock (typed where the stock is not known: postventa_helpdesk alone)",
            trigger: "select[name='serial'], input[name='serial']",
            run: function () {
                const field = this.anchor;
                if (field.tagName === "SELECT") {
                    const option = [...field.options].find((o) =>
                        o.text.includes("NUEVA-0042")
                    );
                    field.value = option.value;
                } else {
                    field.value = "NUEVA-0042";
                }
                field.dispatchEvent(new Event("input", {bubbles: true}));
                field.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            trigger: "button.o_doa_exchange:contains('Continuar')",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_doa_exchange_confirm h2:contains('Confirmar el cambio')"},
        {
            trigger: "button.o_doa_exchange_confirm_button",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: ".o_doa_exchange_done .alert-success:contains('Cambio registrado')"},
    ],
});
