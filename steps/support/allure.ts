// Installs the Allure runtime in each cucumber worker so allure-js-commons calls (labels, parameters) reach
// the allure-cucumberjs formatter.
import 'allure-cucumberjs';
