/** @odoo-module **/
// Portal flows in a real browser: a customer opens a case (the serial is
// checked before submit), downloads the DOA authorisation, reopens a case; a
// store verifies a DOA authorisation and confirms the exchange.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("postventa_customer_opens_case", {
    url: "/new/ticket",
    steps: () => [
        {
            trigger: "select[name='product_id']",
            run: "selectByLabel Tour inkjet printer",
        },
        {trigger: "input[name='serial']", run: "edit X99"},
        {trigger: "input[name='location']", run: "click"},
        {
            content: "the serial is refused before submit, with the expected form",
            trigger:
                ".o_serial_feedback:contains('Expected form: T or C followed by 6 digits')",
        },
        {trigger: "input[name='serial']", run: "edit t123456"},
        {trigger: "input[name='location']", run: "edit Home office"},
        {trigger: "input[name='serial']:not(.is-invalid)"},
        {
            content: "bought today (the field's latest date)",
            trigger: "input[name='purchase_date']",
            run: function () {
                // hoot's edit() does not type into date inputs
                this.anchor.value = this.anchor.max;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {trigger: "select[name='store_id']", run: "selectByLabel Tour store"},
        {trigger: "input[name='subject']", run: "edit It does not power on"},
        {trigger: "textarea[name='description']", run: "edit The power LED stays off."},
        {trigger: "input[name='phone']", run: "edit +595 981 000 111"},
        {
            trigger: "form.o_postventa_case_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {content: "the case page", trigger: ".o_case_serial:contains('T123456')"},
        {trigger: ".o_case_warranty:contains('Dead on arrival')"},
    ],
});

registry.category("web_tour.tours").add("postventa_customer_downloads_doa", {
    steps: () => [
        {
            content: "download the DOA authorisation",
            trigger: "a.o_case_document:contains('DOA authorisation')",
            run: async function () {
                const response = await fetch(this.anchor.getAttribute("href"));
                const type = response.headers.get("Content-Type");
                const disposition = response.headers.get("Content-Disposition") || "";
                if (
                    !response.ok ||
                    type !== "application/pdf" ||
                    !disposition.includes("DOA")
                ) {
                    throw new Error(
                        `no DOA authorisation: ${response.status} ${type} ${disposition}`
                    );
                }
                document.body.classList.add("o_tour_doa_downloaded");
            },
        },
        {trigger: "body.o_tour_doa_downloaded"},
    ],
});

registry.category("web_tour.tours").add("postventa_store_exchanges_doa", {
    url: "/my/store",
    steps: () => [
        {
            content: "the number as the customer reads it",
            trigger: "input[name='number']",
            run: "edit doa-tour-0001",
        },
        {trigger: "button.o_doa_verify", run: "click", expectUnloadPage: true},
        {content: "the authorisation is valid", trigger: ".o_doa_valid"},
        {
            content:
                "the unit handed out: chosen from the store's stock (typed where the stock is not known: postventa_helpdesk alone)",
            trigger: "select[name='serial'], input[name='serial']",
            run: function () {
                const field = this.anchor;
                if (field.tagName === "SELECT") {
                    const option = [...field.options].find((o) =>
                        o.text.includes("NEW-UNIT-0042")
                    );
                    field.value = option.value;
                } else {
                    field.value = "NEW-UNIT-0042";
                }
                field.dispatchEvent(new Event("input", {bubbles: true}));
                field.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {trigger: "button.o_doa_exchange", run: "click", expectUnloadPage: true},
        {
            content: "a confirmation step: nothing recorded yet",
            trigger:
                ".o_doa_exchange_confirm .o_doa_handed_serial:contains('NEW-UNIT-0042')",
        },
        {
            trigger: "button.o_doa_exchange_confirm_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "a success page, with the serial handed out",
            trigger:
                ".o_doa_exchange_done .o_doa_handed_serial:contains('NEW-UNIT-0042')",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_customer_reopens_case", {
    steps: () => [
        {
            trigger: "form.o_case_reopen_form textarea[name='reason']",
            run: "edit It fails again since yesterday.",
        },
        {trigger: "button.o_case_reopen", run: "click", expectUnloadPage: true},
        {
            content: "the case is open again",
            trigger: "span.o_case_stage:contains('Reopened')",
        },
        {trigger: "body:not(:has(form.o_case_reopen_form))"},
    ],
});
