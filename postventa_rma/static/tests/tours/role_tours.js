/** @odoo-module **/
// The lab's day in Spanish (es_419), as the demo's technicians: the repair of a
// received unit by its technician, quality control by another one. Run by
// postventa_tests/tests/test_role_tours.py.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("postventa_role_lab_repairs", {
    steps: () => [
        {
            content: "the received unit's RMA: the technician opens its repair",
            trigger:
                "button[name='action_postventa_create_repair']:contains('Reparar en el laboratorio')",
            run: "click",
        },
        {trigger: ".o_form_view .o_field_widget[name='rma_id']"},
        {
            content: "what the technician found, did and tested",
            trigger: "a.nav-link:contains('Diagnóstico y pruebas')",
            run: "click",
        },
        {
            trigger: "div[name='diagnosis'] .odoo-editor-editable",
            run: "editor Fusor dañado: no calienta.",
        },
        {
            trigger: "div[name='work_done'] .odoo-editor-editable",
            run: "editor Se reemplazó el fusor.",
        },
        {
            trigger: "div[name='tests_done'] .odoo-editor-editable",
            run: "editor Se imprimieron 20 páginas de prueba.",
        },
        {trigger: "button[name='action_validate']", run: "click"},
        {trigger: "button[name='action_repair_start']", run: "click"},
        {
            trigger:
                "button[name='action_send_to_qc']:contains('Enviar a control de calidad')",
            run: "click",
        },
        {
            content: "waiting for someone else's quality control",
            trigger: "div[name='qc_state']:contains('Esperando control de calidad')",
        },
        {
            content: "the technician does not pass his own repair",
            trigger: "body:not(:has(button[name='action_qc_pass']))",
        },
    ],
});

registry.category("web_tour.tours").add("postventa_role_qc_passes", {
    steps: () => [
        {trigger: "div[name='qc_state']:contains('Esperando control de calidad')"},
        {
            trigger:
                "button[name='action_qc_pass']:contains('Aprobar control de calidad')",
            run: "click",
        },
        {
            content: "passed, by the QC technician",
            trigger: "div[name='qc_state']:contains('Aprobado')",
        },
    ],
});
