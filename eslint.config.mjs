// ESLint for lib, scripts and test: typescript-eslint's recommended rules, plus the type-aware
// rules that catch what a reader trusts too much (a cast that does nothing, a promise left floating).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "node_modules/**", ".venv/**", "api-docs/**", "test-output/**", "notebooks/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["lib/src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts", "*.ts"],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // names that start with _ are unused on purpose (a destructured field left out)
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
